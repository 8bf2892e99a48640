# Sweeps: a 2-config × 1-category × 2-seed sweep on tiny synthetic data (64×64, 1 epoch), run by the local engine and,
# where a Slurm cluster answers (build/local-slurm.sh start; .ci/run does it), through real sbatch. Without Slurm the
# Slurm tests are skipped with the reason, never faked. Job states are polled with generous timeouts; no durations.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    # Not $TestDrive: Pester empties it after each Describe, and the Slurm and help tests reuse the local sweep.
    $work = Join-Path ([System.IO.Path]::GetTempPath()) "distill-sweep-tests-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory $work | Out-Null
    $data = Join-Path $work 'data'
    New-DistillSyntheticDataset $data -Family fabric -ImageSize 64 -TrainCount 8 -TestGoodCount 4 -TestDefectCount 2 -Seed 3
    $description = @{
        name = 'tiny'; configs = 'layers_2_3', 'reduced_student_code'; data = $data; categories = 'fabric'; seeds = 0, 1
        epochs = 1; imageSize = 64
    }
    $names = 'layers_2_3.fabric.seed0', 'layers_2_3.fabric.seed1', 'reduced_student_code.fabric.seed0', 'reduced_student_code.fabric.seed1'
    $localRoot = Join-Path $work 'local'
    $slurmRoot = Join-Path $work 'slurm'

    # The cluster of build/local-slurm.sh is found through its config when SLURM_CONF is not set.
    if (-not $env:SLURM_CONF -and (Test-Path '/tmp/distilldsl-slurm/slurm.conf')) { $env:SLURM_CONF = '/tmp/distilldsl-slurm/slurm.conf' }
    $slurmSkip = $null
    if (-not (Get-Command sbatch -ErrorAction SilentlyContinue)) { $slurmSkip = 'Slurm is not installed (no sbatch on the PATH); run build/local-slurm.sh start' }
    else {
        $answer = & sinfo -h -o '%T' 2>&1
        if ($LASTEXITCODE -ne 0 -or -not ($answer -match 'idle|mixed|allocated')) { $slurmSkip = "no Slurm cluster answers (sinfo: $($answer -join ' ')); run build/local-slurm.sh start" }
    }
    if ($slurmSkip) { Write-Host "Slurm tests skipped: $slurmSkip" }

    function Wait-Sweep([string] $root, [int] $minutes = 10) {
        # Polls until no cell is pending or running; the generous limit is only there so a broken cluster ends the test.
        $deadline = (Get-Date).AddMinutes($minutes)
        do {
            $states = Get-DistillSweep $root
            if (-not ($states.State -match '^(Pending|Running)$')) { return $states }
            Start-Sleep -Seconds 3
        } while ((Get-Date) -lt $deadline)
        throw "Sweep $root still has pending or running cells after $minutes minutes: $($states | Out-String)"
    }
}

AfterAll {
    if ($work -and (Test-Path $work)) { Remove-Item $work -Recurse -Force }
}

Describe 'Invoke-DistillSweep -Engine Local' {
    It 'runs every cell, two at a time, each into its own folder named from the cell' {
        $results = Invoke-DistillSweep $description -OutputPath $localRoot -ThrottleLimit 2 -ThreadsPerCell 1
        $results.Name | Sort-Object | Should -Be $names
        foreach ($result in $results) {
            $result.EpochsRun | Should -Be 1
            $result.ImageAuroc | Should -BeGreaterOrEqual 0
            $result.ImageAuroc | Should -BeLessOrEqual 1
            $result.CheckpointPath | Should -Be (Join-Path $localRoot "cells/$($result.Name)/run/best.ckpt")
            Test-Path $result.CheckpointPath | Should -BeTrue
            $result.SlurmJob | Should -BeNullOrEmpty
        }
        (Get-DistillSweep $localRoot).State | Should -Be @('Done', 'Done', 'Done', 'Done')
    }

    It 'gathers a table equal to the cells'' own results and reports' {
        $csv = Join-Path $TestDrive 'local.csv'
        $md = Join-Path $TestDrive 'local.md'
        $rows = Receive-DistillSweep $localRoot -CsvPath $csv -MarkdownPath $md
        $rows.Name | Should -Be $names
        foreach ($row in $rows) {
            $own = Get-Content (Join-Path $localRoot "cells/$($row.Name)/result.json") -Raw | ConvertFrom-Json
            $report = Get-Content (Join-Path $row.ReportPath 'report.json') -Raw | ConvertFrom-Json
            $row.ImageAuroc | Should -Be $own.imageAuroc
            $row.PixelAuroc | Should -Be $own.pixelAuroc
            $row.Aupro | Should -Be $own.aupro
            $row.ImageAuroc | Should -Be $report.metrics.image.auroc
        }
        $fromCsv = Import-Csv $csv
        $fromCsv.Name | Should -Be $names
        [double] $fromCsv[2].ImageAuroc | Should -Be $rows[2].ImageAuroc
        $summary = Receive-DistillSweep $localRoot -Summary
        $summary.Config | Should -Be @('layers_2_3', 'reduced_student_code')
        $summary[0].Seeds | Should -Be 2
        $expected = ($rows[0].ImageAuroc + $rows[1].ImageAuroc) / 2
        [math]::Abs($summary[0].ImageAurocMean - $expected) | Should -BeLessThan 1e-12
        [math]::Abs($summary[0].ImageAurocStd - [math]::Sqrt(2 * [math]::Pow($rows[0].ImageAuroc - $expected, 2))) | Should -BeLessThan 1e-12
        (Get-Content $md -Raw) | Should -Match '\| layers_2_3 \| fabric \| 2 \| \d\.\d{3}( ± \d\.\d{3})? \|'
        ($rows | Out-String -Width 120) | Should -Match 'Cell\s+Best\s+ImageAUROC\s+PixelAUROC\s+AUPRO\s+SlurmJob'
        ($summary | Out-String -Width 120) | Should -Match 'layers_2_3\s+fabric\s+2\s+\d\.\d{3} ± \d\.\d{3}'
    }

    It 'never reruns a finished cell: the same description merges into the root' {
        $before = Get-ChildItem (Join-Path $localRoot 'cells/*/result.json') | ForEach-Object LastWriteTimeUtc
        $again = Invoke-DistillSweep $description -OutputPath $localRoot -ThrottleLimit 2 -ThreadsPerCell 1
        $again.Name | Should -Be $names
        Get-ChildItem (Join-Path $localRoot 'cells/*/result.json') | ForEach-Object LastWriteTimeUtc | Should -Be $before
    }

    It 'reads the same sweep from a YAML file (same hash, so it merges too)' {
        $yaml = Join-Path $work 'tiny.yaml'
        @"
name: tiny
configs: [layers_2_3, reduced_student_code]
data: ./data
categories: [fabric]
seeds: [0, 1]
epochs: 1
image_size: 64
output: ./local
"@ | Set-Content $yaml
        $results = Invoke-DistillSweep $yaml -Verbose 4>&1
        ($results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'is done; not run again' }).Count | Should -Be 4
    }

    It 'refuses another sweep into the same root, naming the manifest' {
        $other = $description.Clone(); $other.epochs = 2
        { Invoke-DistillSweep $other -OutputPath $localRoot -ErrorAction Stop } |
            Should -Throw -ErrorId 'DistillDsl.SweepConflict*' -ExpectedMessage "*$(Join-Path $localRoot 'sweep.json')*another sweep*"
    }

    It 'resumes a half-finished cell from its last.ckpt' {
        $cell = Join-Path $localRoot 'cells/layers_2_3.fabric.seed0'
        $earlier = Get-Content (Join-Path $cell 'result.json') -Raw | ConvertFrom-Json
        Remove-Item (Join-Path $cell 'result.json')
        (Get-DistillSweep $localRoot)[0].State | Should -Be 'Failed' -Because 'started.json without a result and no live process'
        $result = Invoke-DistillSweepCell -Path $localRoot -Index 0 -Threads 1
        (Get-Content (Join-Path $cell 'started.json') -Raw | ConvertFrom-Json).resumed | Should -BeTrue
        $result.BestEpoch | Should -Be $earlier.bestEpoch
        $result.ImageAuroc | Should -Be $earlier.imageAuroc
        $result.PixelAuroc | Should -Be $earlier.pixelAuroc
    }

    It 'refuses a thread budget that oversubscribes the cores' {
        { Invoke-DistillSweep $description -OutputPath (Join-Path $TestDrive 'never') -ThrottleLimit ([Environment]::ProcessorCount + 1) -ErrorAction Stop } |
            Should -Throw -ErrorId 'DistillDsl.InvalidArgument*' -ExpectedMessage '*oversubscribes*'
    }

    It 'names the file and the reason of a bad description' {
        $bad = Join-Path $TestDrive 'bad.yaml'
        "configs: [stpm]`ndata: ./data`ncategories: [fabric]`nepoch: 3`noutput: ./x" | Set-Content $bad
        { Invoke-DistillSweep $bad -WhatIf -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.SweepInvalid*' -ExpectedMessage "*$bad*unknown key 'epoch'*"
        { Invoke-DistillSweep @{ configs = 'no_such_config'; data = $data; categories = 'fabric'; output = 'x' } -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'DistillDsl.SweepInvalid*' -ExpectedMessage "*no_such_config*neither a compiled config*"
    }

    It 'reports each failed cell with its reason and log tail, and goes on with the others' {
        $root = Join-Path $TestDrive 'failing'
        $failing = @{ configs = 'layers_2_3'; data = $data; categories = 'nosuch1', 'nosuch2'; epochs = 1; imageSize = 64 }
        $results = Invoke-DistillSweep $failing -OutputPath $root -ThreadsPerCell 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $results | Should -BeNullOrEmpty
        $failures.Count | Should -Be 2
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.SweepCellFailed*'
        $failures[1].Exception.Message | Should -Match "layers_2_3\.nosuch2\.seed0' ended \(exit 1\) without a result"
        $states = Get-DistillSweep $root
        $states.State | Should -Be @('Failed', 'Failed')
        $states[0].Reason | Should -Match 'nosuch1'
        $states[0].LogTail | Should -Match 'nosuch1'
        Test-Path (Join-Path $root 'cells/layers_2_3.nosuch1.seed0/failed.json') | Should -BeTrue
        Receive-DistillSweep $root -WarningVariable missing -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $missing | Should -Match '2 of 2 cells have no result yet: layers_2_3.nosuch1.seed0, layers_2_3.nosuch2.seed0'
    }

    It 'gives every cell the description''s badImages: skip trains past an unreadable image, stop fails the cell naming it' {
        $broken = Join-Path $TestDrive 'broken-data'
        Copy-Item $data $broken -Recurse
        $image = Get-ChildItem (Join-Path $broken 'fabric/train/good') -File | Sort-Object Name | Select-Object -First 1
        [System.IO.File]::WriteAllBytes($image.FullName, [byte[]](1..64))
        $base = @{ configs = 'layers_2_3'; data = $broken; categories = 'fabric'; epochs = 1; imageSize = 64 }

        $skipped = Invoke-DistillSweep ($base + @{ badImages = 'skip' }) -OutputPath (Join-Path $TestDrive 'skip') -ThreadsPerCell 1
        $skipped.Count | Should -Be 1
        $skipped.EpochsRun | Should -Be 1
        Get-Content (Join-Path $TestDrive 'skip/cells/layers_2_3.fabric.seed0/cell.log') -Raw |
            Should -Match "WARNING: Cell 0 'layers_2_3.fabric.seed0': Training image '.*$([regex]::Escape($image.Name))' was left out of the run"

        $stopped = Invoke-DistillSweep $base -OutputPath (Join-Path $TestDrive 'stop') -ThreadsPerCell 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $stopped | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        (Get-DistillSweep (Join-Path $TestDrive 'stop')).LogTail | Should -Match ([regex]::Escape($image.Name))

        { Invoke-DistillSweep ($base + @{ badImages = 'maybe' }) -OutputPath (Join-Path $TestDrive 'never') -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'DistillDsl.SweepInvalid*' -ExpectedMessage "*'badImages' must be stop or skip, not 'maybe'*"
    }

    It 'writes nothing with -WhatIf' {
        $root = Join-Path $TestDrive 'whatif'
        Invoke-DistillSweep $description -OutputPath $root -WhatIf | Should -BeNullOrEmpty
        Test-Path $root | Should -BeFalse
    }
}

Describe 'Invoke-DistillSweep -Engine Slurm' {
    It 'runs a 2-config × 2-seed array job; a cancelled task is resubmitted alone' {
        if ($slurmSkip) { Set-ItResult -Skipped -Because $slurmSkip; return }
        # Held at submission, so cancelling task 3 happens before any task runs: no race with the scheduler.
        $job = Invoke-DistillSweep $description -OutputPath $slurmRoot -Engine Slurm -CpusPerTask 1 -Memory 2G -Time 00:30:00 -Hold
        $job.Indices | Should -Be @(0, 1, 2, 3)
        $job.Cells | Should -Be $names
        $script = Get-Content $job.ScriptPath -Raw
        $script | Should -Match '(?m)^#SBATCH --array=0-3$'
        $script | Should -Match '(?m)^#SBATCH --cpus-per-task=1$'
        $script | Should -Match '(?m)^#SBATCH --mem=2G$'
        $script | Should -Match '(?m)^#SBATCH --hold$'
        $script | Should -Match '(?m)^#SBATCH --output=.*/slurm/logs/%A_%a\.out$'
        (Get-DistillSweep $slurmRoot).State | Should -Be @('Pending', 'Pending', 'Pending', 'Pending') -Because 'the array is held'
        & scancel "$($job.JobId)_3"
        & scontrol release $job.JobId
        $states = Wait-Sweep $slurmRoot
        $states.State | Should -Be @('Done', 'Done', 'Done', 'Failed')
        $states[3].SlurmJob | Should -Be "$($job.JobId)_3"
        $states[3].Reason | Should -Match 'never started|ended without a result'

        $again = Invoke-DistillSweep -Path $slurmRoot -Engine Slurm -CpusPerTask 1 -Memory 2G -Time 00:30:00
        $again.Indices | Should -Be @(3)
        (Get-Content $again.ScriptPath -Raw) | Should -Match '(?m)^#SBATCH --array=3$'
        $states = Wait-Sweep $slurmRoot
        $states.State | Should -Be @('Done', 'Done', 'Done', 'Done')
        $states[3].SlurmJob | Should -Be "$($again.JobId)_3"
        $states[0].SlurmJob | Should -Be "$($job.JobId)_0"
        Invoke-DistillSweep -Path $slurmRoot -Engine Slurm -WarningVariable nothing -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $nothing | Should -Match 'Nothing to submit'
    }

    It 'gathers a table equal to the cells'' own results, and equal to the local engine''s' {
        if ($slurmSkip) { Set-ItResult -Skipped -Because $slurmSkip; return }
        $slurm = Receive-DistillSweep $slurmRoot
        $local = Receive-DistillSweep $localRoot
        $slurm.Name | Should -Be $names
        for ($i = 0; $i -lt 4; $i++) {
            $own = Get-Content (Join-Path $slurmRoot "cells/$($slurm[$i].Name)/result.json") -Raw | ConvertFrom-Json
            $slurm[$i].ImageAuroc | Should -Be $own.imageAuroc
            $slurm[$i].SlurmJob | Should -Be $own.slurmJob
            # One torch thread in both engines: the same cell computes the same numbers.
            foreach ($metric in 'BestEpoch', 'ValidationLoss', 'ImageAuroc', 'PixelAuroc', 'Aupro', 'Threshold') {
                $slurm[$i].$metric | Should -Be $local[$i].$metric -Because "$metric of $($names[$i])"
            }
        }
    }
}

Describe 'Examples in the help of the sweep cmdlets run' {
    BeforeAll {
        # The examples' layout: ./data, ./sweep.yaml and ./sweeps/layers, here the finished local sweep (same hash, so
        # the examples merge into it and run no training).
        New-Item -ItemType Directory (Join-Path $work 'sweeps') -Force | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $work 'sweeps/layers') -Target $localRoot | Out-Null
        "configs: [layers_2_3, reduced_student_code]`ndata: ./data`ncategories: [fabric]`nseeds: [0, 1]`nepochs: 1`nimageSize: 64`noutput: ./sweeps/layers" |
            Set-Content (Join-Path $work 'sweep.yaml')
    }

    It 'runs every example of <_>' -ForEach @('Invoke-DistillSweep', 'Invoke-DistillSweepCell', 'Get-DistillSweep', 'Receive-DistillSweep') {
        $before = Get-ChildItem (Join-Path $localRoot 'cells/*/result.json') | ForEach-Object LastWriteTimeUtc
        Push-Location $work
        try {
            foreach ($example in (Get-Help $_ -Full).examples.example) {
                $code = ($example.code -join "`n") -replace '(?m)^PS>\s*', ''
                if ($code -match '-Engine Slurm' -and $slurmSkip) { Write-Host "skipped '$($example.title)': $slurmSkip"; continue }
                { & ([scriptblock]::Create($code)) -WarningAction SilentlyContinue | Out-Null } | Should -Not -Throw -Because $example.title
            }
            Get-ChildItem (Join-Path $localRoot 'cells/*/result.json') | ForEach-Object LastWriteTimeUtc | Should -Be $before -Because 'the examples merge into the finished sweep'
        } finally { Pop-Location }
    }
}
