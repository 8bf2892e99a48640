# What a non-interactive shell sees of a training run: one Verbose and Information line per epoch, history.csv, run.json
# and loss.png beside the checkpoints; Get-DistillRun reading finished, stopped, killed and foreign folders.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $data = Join-Path $TestDrive 'data'
    New-DistillSyntheticDataset $data -Family tile -ImageSize 64 -TrainCount 10 -TestGoodCount 2 -TestDefectCount 1 -Seed 3
    $tiny = @{ DataPath = $data; Category = 'tile'; ImageSize = 64; Epochs = 3; SkipEvaluation = $true }
    $out = Join-Path $TestDrive 'logged'
    $run = Invoke-DistillTraining reduced_student_code @tiny -OutputPath $out -InformationVariable information -Verbose 4>&1 |
        Tee-Object -Variable everything | Where-Object { $_ -is [DistillDsl.PowerShell.Output.DistillTrainingResult] }
    $verbose = @($everything | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
}

Describe 'Training log' {
    It 'writes one Verbose line per epoch with the losses, learning rate, time, throughput and best epoch' {
        $epochLines = @($verbose | Where-Object { $_ -like 'epoch *' })
        $epochLines.Count | Should -Be 3
        $epochLines[0] | Should -Match '^epoch 1/3  train loss [\d.e+-]+  validation loss [\d.e+-]+  lr [\d.e+-]+  [\d.]+ s  [\d.]+ images/s  best epoch 1 \([\d.e+-]+\)$'
        $epochLines[2] | Should -BeLike 'epoch 3/3 *'
        $verbose | Where-Object { $_ -like 'Cached the train set*in memory*' } | Should -Not -BeNullOrEmpty
    }

    It 'writes the same lines to the Information stream, tagged DistillDsl and Epoch' {
        $epochs = @($information | Where-Object { $_.Tags -contains 'Epoch' })
        $epochs.Count | Should -Be 3
        $epochs | ForEach-Object { $_.Tags | Should -Contain 'DistillDsl' }
        $epochs.MessageData | Should -Be @($verbose | Where-Object { $_ -like 'epoch *' })
    }

    It 'writes history.csv (one row per epoch, as the checkpoint holds them), run.json and loss.png' {
        $rows = @(Import-Csv (Join-Path $out 'history.csv'))
        $rows.Count | Should -Be 3
        $rows.epoch | Should -Be @('1', '2', '3')
        $stored = [DistillDsl.Checkpoints.DistillCheckpoint]::Read((Join-Path $out 'last.ckpt'))
        $stored.Epoch | Should -Be 3
        ($rows | Where-Object { [int]$_.best_epoch -eq $run.BestEpoch }) | Should -Not -BeNullOrEmpty
        $status = Get-Content (Join-Path $out 'run.json') -Raw | ConvertFrom-Json
        $status.state | Should -Be 'Completed'
        $status.dataset | Should -Be 'tile'
        Test-Path (Join-Path $out 'loss.png') | Should -BeTrue
        Test-Path (Join-Path $out 'cache') | Should -BeFalse -Because 'a completed run removes its cache files'
    }
}

Describe 'Get-DistillRun' {
    It 'describes a finished run from its files' {
        $info = Get-DistillRun $out
        $info | Should -BeOfType 'DistillDsl.PowerShell.Output.DistillRunInfo'
        $info.Config | Should -Be 'reduced_student_code'
        $info.Category | Should -Be 'tile'
        $info.State | Should -Be 'Completed'
        $info.EpochsDone | Should -Be 3
        $info.Epochs | Should -Be 3
        $info.BestEpoch | Should -Be $run.BestEpoch
        $info.BestValidationLoss | Should -Be $run.ValidationLoss
        $info.Threshold | Should -Be $run.Threshold
        $info.CanResume | Should -BeFalse
        $info.History.Count | Should -Be 3
        $info.ImageAuroc | Should -BeNullOrEmpty -Because 'the run skipped evaluation'
    }

    It 'reads the report of an evaluated run' {
        $evaluated = Invoke-DistillTraining reduced_student_code -DataPath $data -Category tile -ImageSize 64 -Epochs 1 -OutputPath (Join-Path $TestDrive 'evaluated')
        $info = Get-DistillRun $evaluated.OutputPath
        $info.ImageAuroc | Should -Be $evaluated.ImageAuroc
        $info.PixelAuroc | Should -Be $evaluated.PixelAuroc
        $info.ReportPath | Should -BeLike '*report.json'
    }

    It 'says that a stopped run can be resumed, and -Resume finishes it' {
        $stopped = Join-Path $TestDrive 'stopped'
        # Stop() is what Ctrl+C does. It is asked for from the first epoch's log line, on the training thread itself (a C#
        # handler needs no runspace), so the run stops early in epoch 2 however fast or loaded the machine is; 12 epochs
        # leave the asynchronous stop far more time than it takes.
        Add-Type -TypeDefinition @'
public static class StopAtFirstEpochLine
{
    public static void Attach(System.Management.Automation.PowerShell shell)
    {
        shell.Streams.Information.DataAdded += (sender, e) =>
        {
            var records = (System.Management.Automation.PSDataCollection<System.Management.Automation.InformationRecord>)sender;
            if (records[e.Index].Tags.Contains("Epoch")) shell.BeginStop(null, null);
        };
    }
}
'@
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($module, $arguments)
                Import-Module $module
                Invoke-DistillTraining reduced_student_code @arguments
            }).AddArgument($env:DISTILLDSL_MODULE).AddArgument(@{ DataPath = $data; Category = 'tile'; ImageSize = 64; Epochs = 12; OutputPath = $stopped; SkipEvaluation = $true })
        [StopAtFirstEpochLine]::Attach($shell)
        try { $null = $shell.Invoke() } catch [System.Management.Automation.PipelineStoppedException] { } finally { $shell.Dispose() }

        $info = Get-DistillRun $stopped
        $info.State | Should -Be 'Cancelled'
        $info.EpochsDone | Should -BeGreaterOrEqual 1
        $info.EpochsDone | Should -BeLessThan 12
        $info.CanResume | Should -BeTrue
        @(Import-Csv (Join-Path $stopped 'history.csv')).Count | Should -Be $info.EpochsDone

        $resumed = $info | ForEach-Object { Invoke-DistillTraining $_.Config -DataPath $data -Category $_.Category -ImageSize 64 -Epochs 12 -OutputPath $_.Path -SkipEvaluation -Resume }
        $resumed.EpochsRun | Should -Be 12
        (Get-DistillRun $stopped).State | Should -Be 'Completed'
    }

    It 'calls a run whose process is gone without a word Killed, and it can be resumed' {
        $killed = Join-Path $TestDrive 'killed'
        Copy-Item -Recurse $out $killed
        Remove-Item (Join-Path $killed 'best.ckpt')
        # What a SIGKILL in epoch 3 leaves: last.ckpt of an earlier epoch and run.json still saying Running, of a dead process.
        $status = Get-Content (Join-Path $killed 'run.json') -Raw | ConvertFrom-Json
        $status.state = 'Running'
        $status.epochs = 5
        $status.process_id = 2147483600
        $status | ConvertTo-Json | Set-Content (Join-Path $killed 'run.json')
        $info = Get-DistillRun $killed
        $info.State | Should -Be 'Killed'
        $info.CanResume | Should -BeTrue
    }

    It 'finds every run below a folder with -Recurse, in path order' {
        $found = @(Get-DistillRun $TestDrive -Recurse)
        $found.Path | Should -Be @($found.Path | Sort-Object { $_ } -CaseSensitive:$false)
        $found.Path | Should -Contain $out
        $found.Path | Should -Contain (Join-Path $TestDrive 'stopped')
        $found | Where-Object Path -like '*data*' | Should -BeNullOrEmpty
    }

    It 'writes a non-terminating DistillDsl.RunNotFound error per folder that is not a run, and goes on' {
        $results = Get-DistillRun $data, $out, (Join-Path $TestDrive 'nowhere') -ErrorVariable problems -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 1
        $problems.Count | Should -Be 2
        $problems | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'DistillDsl.RunNotFound*' }
        $problems[0].Exception.Message | Should -BeLike "*$data*holds no training run*"
    }

    It 'names the file when a checkpoint of the folder is damaged' {
        $damaged = Join-Path $TestDrive 'damaged'
        Copy-Item -Recurse $out $damaged
        [IO.File]::WriteAllText((Join-Path $damaged 'last.ckpt'), 'not a checkpoint')
        $failure = { Get-DistillRun $damaged -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.RunNotFound*' -PassThru
        $failure.Exception.Message | Should -BeLike '*last.ckpt*'
    }
}
