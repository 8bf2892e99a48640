# Invoke-DistillTraining on tiny synthetic data (64×64, 10 training images, 1 epoch): the result, the files, the native
# libraries it loads, -WhatIf, the error records, a NaN loss, Ctrl+C followed by -Resume, and a SIGKILL followed by -Resume.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $repository = $env:DISTILLDSL_REPOSITORY
    $data = Join-Path $TestDrive 'data'
    New-DistillSyntheticDataset $data -Family fabric -ImageSize 64 -TrainCount 10 -TestGoodCount 3 -TestDefectCount 1 -Seed 5
    $tiny = @{ DataPath = $data; Category = 'fabric'; ImageSize = 64; Epochs = 1 }

    # The main run, with the default output folder under the current location.
    Push-Location $TestDrive
    try { $run = Invoke-DistillTraining reduced_student_code @tiny -Seed 1 } finally { Pop-Location }
}

Describe 'Invoke-DistillTraining' {
    It 'outputs one result that describes the run and its evaluation' {
        @($run).Count | Should -Be 1
        $run | Should -BeOfType 'DistillDsl.PowerShell.Output.DistillTrainingResult'
        $run.Config | Should -Be 'reduced_student_code'
        $run.Category | Should -Be 'fabric'
        $run.Device | Should -Be 'cpu'
        $run.Stop | Should -Be 'Completed'
        $run.EpochsRun | Should -Be 1
        $run.BestEpoch | Should -Be 1
        [double]::IsFinite($run.ValidationLoss) | Should -BeTrue
        $run.Threshold | Should -BeGreaterThan 0
        $run.ThresholdSource | Should -BeLike '0.99 quantile of 2 normal validation scores*'
        $run.ImageAuroc | Should -BeGreaterOrEqual 0
        $run.ImageAuroc | Should -BeLessOrEqual 1
        $run.PixelAuroc | Should -Not -BeNullOrEmpty
        $run.Aupro | Should -Not -BeNullOrEmpty
    }

    It 'writes the checkpoints and the report with one heat map per test image under runs/(config)/(category) by default' {
        $run.OutputPath | Should -Be (Join-Path $TestDrive 'runs/reduced_student_code/fabric')
        $run.CheckpointPath | Should -Be (Join-Path $run.OutputPath 'best.ckpt')
        Test-Path $run.CheckpointPath | Should -BeTrue
        Test-Path $run.LastCheckpointPath | Should -BeTrue
        $run.ReportPath | Should -Be (Join-Path $run.OutputPath 'report')
        $report = Get-Content (Join-Path $run.ReportPath 'report.json') -Raw | ConvertFrom-Json
        $report | Should -Not -BeNullOrEmpty
        (Get-ChildItem $run.HeatmapPath -Filter *.png).Count | Should -Be 8   # 3 good + 5 defect kinds × 1
        $stored = [DistillDsl.Checkpoints.DistillCheckpoint]::Read($run.CheckpointPath)
        $stored.Threshold.Value | Should -Be ([float]$run.Threshold)
        $stored.ImageSize | Should -Be 64
    }

    It 'loaded LibTorch and its shim from the module folder, with no cpu/ fallback copy' {
        $moduleFolder = Split-Path $env:DISTILLDSL_MODULE
        $mapped = Get-Content "/proc/$PID/maps" | ForEach-Object { ($_ -split '\s+', 6)[5] } | Where-Object { $_ } | Sort-Object -Unique
        $mapped | Where-Object { $_ -like '*/libtorch_cpu.so' } | Should -Be (Join-Path $moduleFolder 'libtorch_cpu.so')
        $mapped | Where-Object { $_ -like '*/libLibTorchSharp.so' } | Should -Be (Join-Path $moduleFolder 'libLibTorchSharp.so')
        Test-Path (Join-Path $moduleFolder 'cpu') | Should -BeFalse
    }

    It 'trains without evaluating with -SkipEvaluation' {
        $out = Join-Path $TestDrive 'skip'
        $threads = [TorchSharp.torch]::get_num_threads()
        $result = Invoke-DistillTraining reduced_student_code @tiny -OutputPath $out -SkipEvaluation -Threads 1
        $result.Stop | Should -Be 'Completed'
        [TorchSharp.torch]::get_num_threads() | Should -Be $threads -Because '-Threads is restored after the run'
        $result.ImageAuroc | Should -BeNullOrEmpty
        $result.ReportPath | Should -BeNullOrEmpty
        Test-Path (Join-Path $out 'best.ckpt') | Should -BeTrue
        Test-Path (Join-Path $out 'report') | Should -BeFalse
    }

    It 'trains in either memory format with -MemoryFormat, to the same run within rounding' {
        $runs = foreach ($format in 'ChannelsLast', 'Contiguous') {
            Invoke-DistillTraining reduced_student_code @tiny -Seed 1 -OutputPath (Join-Path $TestDrive "format-$format") -SkipEvaluation -MemoryFormat $format
        }
        $runs | ForEach-Object { $_.Stop | Should -Be 'Completed' }
        # Layout only reorders float rounding (TrainingForwardTests holds each layout to graph.forward).
        [math]::Abs($runs[0].ValidationLoss - $runs[1].ValidationLoss) / $runs[1].ValidationLoss | Should -BeLessThan 1e-3
    }

    It 'writes nothing with -WhatIf' {
        $out = Join-Path $TestDrive 'whatif'
        Invoke-DistillTraining reduced_student_code @tiny -OutputPath $out -WhatIf | Should -BeNullOrEmpty
        Test-Path $out | Should -BeFalse
    }

    It 'resolves -Config, -DataPath and -OutputPath against the current location' {
        Copy-Item (Join-Path $repository 'configs/reduced_student_code.yaml') (Join-Path $TestDrive 'edited.yaml')
        Push-Location $TestDrive
        try {
            # -WhatIf checks the config file, the dataset and the output folder, then stops before training.
            { Invoke-DistillTraining ./edited.yaml -DataPath ./data -Category fabric -OutputPath ./relative -WhatIf -ErrorAction Stop } | Should -Not -Throw
            { Invoke-DistillTraining ./edited.yaml -DataPath ./data -Category fabric -OutputPath ./runs/reduced_student_code/fabric -ErrorAction Stop } |
                Should -Throw -ErrorId 'DistillDsl.OutputNotWritable*' -Because 'that relative folder holds the main run'
        } finally { Pop-Location }
        Test-Path (Join-Path $TestDrive 'relative') | Should -BeFalse
    }

    It 'refuses to overwrite a run, resumes nothing that is not there, and replaces a run with -Force' {
        { Invoke-DistillTraining reduced_student_code @tiny -OutputPath $run.OutputPath -ErrorAction Stop } |
            Should -Throw -ErrorId 'DistillDsl.OutputNotWritable*'
        { Invoke-DistillTraining reduced_student_code @tiny -OutputPath (Join-Path $TestDrive 'nothing') -Resume -ErrorAction Stop } |
            Should -Throw -ErrorId 'DistillDsl.InvalidArgument*'
        # -Resume and -Force are in different parameter sets: PowerShell refuses the pair before the cmdlet runs.
        { Invoke-DistillTraining reduced_student_code @tiny -OutputPath $run.OutputPath -Resume -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousParameterSet*'
        $again = Invoke-DistillTraining reduced_student_code @tiny -OutputPath (Join-Path $TestDrive 'skip') -Force -SkipEvaluation
        $again.Stop | Should -Be 'Completed'
    }

    It 'stops a NaN loss with a result and a non-terminating DistillDsl.TrainingFailed error' {
        $out = Join-Path $TestDrive 'nan'
        $result = Invoke-DistillTraining stpm @tiny -LearningRate 1e30 -OutputPath $out -ErrorVariable problems -ErrorAction SilentlyContinue
        $result.Stop | Should -Be 'NonFiniteLoss'
        $result.ImageAuroc | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.TrainingFailed*'
        $problems[0].Exception.Message | Should -BeLike '*learning rate*'
        Test-Path (Join-Path $out 'report') | Should -BeFalse
    }
}

Describe 'Invoke-DistillTraining errors' {
    BeforeAll {
        $out = Join-Path $TestDrive 'never'
    }

    It 'stops on a broken YAML config with DistillDsl.ConfigInvalid and file(line,col) in the message' {
        $broken = Join-Path $TestDrive 'broken.yaml'
        (Get-Content (Join-Path $repository 'configs/stpm.yaml')) -replace 'backbone:(\s*)resnet18', 'backbone:$1resnet19' | Set-Content $broken
        $failure = { Invoke-DistillTraining $broken @tiny -OutputPath $out -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.ConfigInvalid*' -PassThru
        $failure.Exception.Message | Should -Match ([regex]::Escape($broken) + '\(\d+,\d+\): error DD0014')
        $failure.CategoryInfo.Category | Should -Be 'InvalidData'
        Test-Path $out | Should -BeFalse
    }

    It 'stops on an unknown config name with DistillDsl.ConfigNotFound' {
        { Invoke-DistillTraining no_such_config @tiny -OutputPath $out -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.ConfigNotFound*'
    }

    It 'stops with DistillDsl.InvalidArgument, naming the reason, when the engine refuses a setting for the config' {
        $failure = { Invoke-DistillTraining reduced_student_code @tiny -EarlyStop $true -OutputPath (Join-Path $TestDrive 'early') -ErrorAction Stop } |
            Should -Throw -ErrorId 'DistillDsl.InvalidArgument*' -PassThru
        $failure.Exception.Message | Should -BeLike "*config 'reduced_student_code' has no training.early_stop*"
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'stops on a missing dataset or category with DistillDsl.DatasetInvalid' {
        { Invoke-DistillTraining stpm -DataPath (Join-Path $TestDrive 'no-data') -OutputPath $out -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.DatasetInvalid*'
        $failure = { Invoke-DistillTraining stpm -DataPath $data -Category carpet -OutputPath $out -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.DatasetInvalid*' -PassThru
        $failure.Exception.Message | Should -BeLike "*category 'carpet' not found*fabric*"
        Test-Path $out | Should -BeFalse
    }

    It 'stops on an unknown device with DistillDsl.DeviceUnavailable' {
        { Invoke-DistillTraining stpm @tiny -Device tpu -OutputPath $out -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.DeviceUnavailable*'
        Test-Path $out | Should -BeFalse
    }

    It 'validates its parameters' {
        { Invoke-DistillTraining stpm @tiny -Epochs 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Invoke-DistillTraining stpm -DataPath $data -ImageSize 8 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Invoke-DistillTraining stpm @tiny -LearningRate -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Invoke-DistillTraining stpm @tiny -MemoryFormat Diagonal } | Should -Throw '*MemoryFormat*'
    }

    It 'completes config names and devices' {
        $complete = { param($line) (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText }
        & $complete 'Invoke-DistillTraining -Config reduced_' | Should -Be @('reduced_student_code', 'reduced_student_paper')
        & $complete 'Invoke-DistillTraining stpm -Device cu' | Should -Be @('cuda', 'cuda:0')
    }
}

Describe 'A run killed during its first write of last.ckpt' {
    It 'is started over by -Resume, with a warning, and its stale temporary is cleaned' {
        $out = Join-Path $TestDrive 'killed-first-write'
        $null = Invoke-DistillTraining reduced_student_code @tiny -OutputPath $out -SkipEvaluation
        # What the kill leaves: best.ckpt, no last.ckpt, and the temporary of the write that never finished.
        Remove-Item (Join-Path $out 'last.ckpt')
        $orphan = Join-Path $out 'last.ckpt.0badc0de.tmp'
        Set-Content $orphan 'half a checkpoint'

        $resumed = Invoke-DistillTraining reduced_student_code @tiny -OutputPath $out -SkipEvaluation -Resume -WarningVariable warnings -WarningAction SilentlyContinue
        $resumed.Stop | Should -Be 'Completed'
        $resumed.EpochsRun | Should -Be 1
        "$warnings" | Should -BeLike '*holds best.ckpt but no last.ckpt*starting the run over*'
        Test-Path $orphan | Should -BeFalse
        [DistillDsl.Checkpoints.DistillCheckpoint]::Read((Join-Path $out 'last.ckpt')).IsResumable | Should -BeTrue
    }

    It 'still refuses -Resume where there is no run at all' {
        $empty = Join-Path $TestDrive 'no-run'
        $failure = { Invoke-DistillTraining reduced_student_code @tiny -OutputPath $empty -SkipEvaluation -Resume -ErrorAction Stop } | Should -Throw -PassThru
        $failure.Exception.Message | Should -BeLike '*Nothing to resume*'
    }
}

Describe 'The run folder lock' {
    BeforeAll {
        $locked = Join-Path $TestDrive 'locked'
        $null = Invoke-DistillTraining reduced_student_code @tiny -OutputPath $locked -SkipEvaluation
    }

    It 'refuses a second training into a folder a live run holds, with -Resume or -Force, and deletes nothing' {
        # This process is alive: a lock naming it is what a run in another runspace or process leaves while it trains.
        Set-Content (Join-Path $locked 'run.lock') $PID -NoNewline
        try {
            # Without either, the folder's earlier run is refused first ("already holds a training run").
            foreach ($mode in @{ Resume = $true }, @{ Force = $true }) {
                $failure = { Invoke-DistillTraining reduced_student_code @tiny @mode -OutputPath $locked -SkipEvaluation -ErrorAction Stop } |
                    Should -Throw -ErrorId 'DistillDsl.OutputNotWritable*' -PassThru
                $failure.Exception.Message | Should -BeLike "*in use by another training run (process $PID, lock file *run.lock)*"
                Test-Path (Join-Path $locked 'best.ckpt') | Should -BeTrue
                Test-Path (Join-Path $locked 'last.ckpt') | Should -BeTrue
            }
        }
        finally { Remove-Item (Join-Path $locked 'run.lock') }
    }

    It 'takes over a stale lock whose process has ended, and removes it when the run ends' {
        $ended = Start-Process -FilePath (Get-Command true).Source -PassThru -Wait
        Set-Content (Join-Path $locked 'run.lock') $ended.Id -NoNewline
        $run = Invoke-DistillTraining reduced_student_code @tiny -OutputPath $locked -SkipEvaluation -Force
        $run.Stop | Should -Be 'Completed'
        Test-Path (Join-Path $locked 'run.lock') | Should -BeFalse
    }
}

Describe 'Ctrl+C during training, then -Resume' {
    BeforeAll { . (Join-Path $PSScriptRoot 'Support/ProgressGate.ps1') }

    It 'saves a resumable checkpoint when stopped, and -Resume finishes the run' {
        $out = Join-Path $TestDrive 'interrupted'
        $last = Join-Path $out 'last.ckpt'
        $epochs = 4
        # Another runspace runs the training; Stop() is what Ctrl+C does: PowerShell calls StopProcessing on the cmdlet.
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($module, $arguments)
                Import-Module $module
                Invoke-DistillTraining reduced_student_code @arguments
            }).AddArgument($env:DISTILLDSL_MODULE).AddArgument(@{ DataPath = $data; Category = 'fabric'; ImageSize = 64; Epochs = $epochs; OutputPath = $out; SkipEvaluation = $true })
        # The run is held at its first progress record of epoch 2 (epoch 1 and its last.ckpt are done) until the stop is
        # under way, so where it stops does not depend on how fast this machine trains or how often a loop polls.
        $gate = [DistillDsl.Tests.ProgressGate]::new($shell.Streams.Progress, "epoch 2/$epochs")
        try {
            $pending = $shell.BeginInvoke()
            $gate.WaitUntilHeld($pending.AsyncWaitHandle, [TimeSpan]::FromMinutes(10)) | Should -BeTrue -Because 'the run must reach epoch 2'
            Test-Path $last | Should -BeTrue
            $stopping = $shell.BeginStop($null, $null)
            # Released once PowerShell has taken the stop (StopProcessing follows): no clock involved.
            while ($shell.InvocationStateInfo.State -eq 'Running') { [System.Threading.Thread]::Yield() | Out-Null }
            $gate.Release()
            $shell.EndStop($stopping)
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            @($shell.EndInvoke($pending)).Count | Should -Be 0 -Because 'a stopped run outputs nothing'
        }
        catch [System.Management.Automation.PipelineStoppedException] { }
        finally { $gate.Release(); $shell.Dispose() }

        $saved = [DistillDsl.Checkpoints.DistillCheckpoint]::Read($last)
        $saved.IsResumable | Should -BeTrue
        $saved.Epoch | Should -BeGreaterOrEqual 1
        $saved.Epoch | Should -BeLessThan $epochs

        $resumed = Invoke-DistillTraining reduced_student_code -DataPath $data -Category fabric -ImageSize 64 -Epochs $epochs -OutputPath $out -SkipEvaluation -Resume
        $resumed.Stop | Should -Be 'Completed'
        $resumed.EpochsRun | Should -Be $epochs
        [DistillDsl.Checkpoints.DistillCheckpoint]::Read($last).Epoch | Should -Be $epochs
    }
}

Describe 'A training process killed with SIGKILL, then -Resume' {
    It 'leaves a Killed run with its lock and complete files, and -Resume takes the lock over and ends as the uninterrupted run' {
        $out = Join-Path $TestDrive 'sigkill'
        $same = @{ DataPath = $data; Category = 'fabric'; ImageSize = 64; Epochs = 3; Threads = 1; SkipEvaluation = $true }
        $reference = Invoke-DistillTraining reduced_student_code @same -OutputPath (Join-Path $TestDrive 'sigkill-reference')

        # The child is the real pwsh (not the dotnet-tool launcher, which would survive the kill with the training going
        # on). It holds its training at the first progress record of epoch 2 (epoch 1 and its checkpoints are written) and
        # says so; only then is it killed, so the kill lands at a known point whatever the machine's speed.
        $child = Join-Path $TestDrive 'child.ps1'
        Set-Content $child @'
param($module, $gate, $arguments)
Import-Module $module
. $gate
$shell = [powershell]::Create()
$null = $shell.AddScript({ param($module, $json) Import-Module $module; $a = @{}; ($json | ConvertFrom-Json).psobject.Properties | ForEach-Object { $a[$_.Name] = $_.Value }; Invoke-DistillTraining reduced_student_code @a }).AddArgument($module).AddArgument($arguments)
$held = [DistillDsl.Tests.ProgressGate]::new($shell.Streams.Progress, 'epoch 2/3')
$pending = $shell.BeginInvoke()
if ($held.WaitUntilHeld($pending.AsyncWaitHandle, [TimeSpan]::FromMinutes(5))) { [Console]::Out.WriteLine('HELD'); [Console]::Out.Flush(); Start-Sleep -Seconds 600 }
[Console]::Out.WriteLine('ENDED')
'@
        $pwsh = & bash (Join-Path $repository 'build/real-pwsh.sh')
        $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $arguments = ($same + @{ OutputPath = $out }) | ConvertTo-Json -Compress
        foreach ($a in @($pwsh, '-NoProfile', '-NonInteractive', '-File', $child, $env:DISTILLDSL_MODULE, (Join-Path $PSScriptRoot 'Support/ProgressGate.ps1'), $arguments)) {
            $start.ArgumentList.Add($a)
        }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        try {
            $errors = $process.StandardError.ReadToEndAsync()
            do { $line = $process.StandardOutput.ReadLine() } until ($null -eq $line -or $line -in 'HELD', 'ENDED')
            # (The child's stderr is read only when it failed: the held child never closes it.)
            if ($line -ne 'HELD') { throw "The child did not reach epoch 2 ($line): $($errors.Result)" }
            $process.Kill()   # SIGKILL: no finally block, no StopProcessing, no flush runs in the child
            $process.WaitForExit()
        }
        finally { if (-not $process.HasExited) { $process.Kill($true) } }

        (Get-Content (Join-Path $out 'run.lock') -Raw).Trim() | Should -Be "$($process.Id)"
        $info = Get-DistillRun $out
        $info.State | Should -Be 'Killed'
        $info.CanResume | Should -BeTrue
        $info.EpochsDone | Should -Be 1
        @(Import-Csv (Join-Path $out 'history.csv')).Count | Should -Be 1
        [DistillDsl.Checkpoints.DistillCheckpoint]::Read((Join-Path $out 'last.ckpt')).Epoch | Should -Be 1

        $resumed = Invoke-DistillTraining reduced_student_code @same -OutputPath $out -Resume
        $resumed.Stop | Should -Be 'Completed'
        $resumed.EpochsRun | Should -Be 3
        Test-Path (Join-Path $out 'run.lock') | Should -BeFalse
        ($resumed.ValidationLoss, $resumed.Threshold, $resumed.BestEpoch) | Should -Be @($reference.ValidationLoss, $reference.Threshold, $reference.BestEpoch)
        $losses = { param($run) (Get-DistillRun $run).History | ForEach-Object { '{0:R} {1:R} {2:R}' -f $_.TrainLoss, $_.ValidationLoss, $_.LearningRate } }
        (& $losses $out) | Should -Be (& $losses $reference.OutputPath)
        @(Get-ChildItem $out -Recurse -Filter *.tmp).Count | Should -Be 0
    }
}
