# ProgressGate: holds a pipeline that runs in another runspace at a known point, so a test can act on it there instead of
# polling files against a clock. It watches a [powershell]'s progress stream; the first record whose status starts with the
# given text blocks the pipeline's own thread (PSDataCollection raises DataAdded on the writer's thread, inside
# WriteProgress) until Release. Dot-source this file.
if (-not ('DistillDsl.Tests.ProgressGate' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Management.Automation;
using System.Threading;

namespace DistillDsl.Tests
{
    public sealed class ProgressGate
    {
        private readonly ManualResetEventSlim reached = new ManualResetEventSlim();
        private readonly ManualResetEventSlim released = new ManualResetEventSlim();
        private readonly string status;
        private int held;

        public ProgressGate(PSDataCollection<ProgressRecord> progress, string status)
        {
            this.status = status;
            progress.DataAdded += (sender, e) =>
            {
                ProgressRecord record = ((PSDataCollection<ProgressRecord>)sender)[e.Index];
                if (record.StatusDescription == null || !record.StatusDescription.StartsWith(status, StringComparison.Ordinal)) return;
                if (Interlocked.Exchange(ref held, 1) == 1) return;
                reached.Set();
                released.Wait();
            };
        }

        /// <summary>True once the pipeline is held; false when <paramref name="finished"/> (the pipeline's end) comes first.</summary>
        public bool WaitUntilHeld(WaitHandle finished, TimeSpan hangGuard)
        {
            int signalled = WaitHandle.WaitAny(new[] { reached.WaitHandle, finished }, hangGuard);
            if (signalled == WaitHandle.WaitTimeout) throw new TimeoutException("No progress record with status '" + status + "' within " + hangGuard + ".");
            return signalled == 0;
        }

        public void Release() => released.Set();
    }
}
'@
}
