# Invoke-DistillInference with a checkpoint trained here on tiny synthetic data (64×64, 1 epoch): pipeline input, order,
# batching, thresholds, map pictures, -WhatIf and the error records.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $data = Join-Path $TestDrive 'data'
    New-DistillSyntheticDataset $data -Family grid -Defect stain -ImageSize 64 -TrainCount 10 -TestGoodCount 5 -TestDefectCount 5 -Seed 4
    $trained = Invoke-DistillTraining reduced_student_code -DataPath $data -Category grid -ImageSize 64 -Epochs 1 -OutputPath (Join-Path $TestDrive 'run') -SkipEvaluation
    $checkpoint = $trained.CheckpointPath
    $images = Get-ChildItem (Join-Path $data 'grid/test') -Recurse -Filter *.png | Sort-Object FullName
}

Describe 'Invoke-DistillInference' {
    It 'scores files from Get-ChildItem, one result per image in input order, under the checkpoint threshold' {
        $results = $images | Invoke-DistillInference -Checkpoint $checkpoint -BatchSize 3
        $results.Count | Should -Be 10
        $results.Path | Should -Be $images.FullName
        $results[0] | Should -BeOfType 'DistillDsl.PowerShell.Output.DistillInferenceResult'
        foreach ($result in $results) {
            $result.Threshold | Should -Be $trained.Threshold
            $result.IsAnomalous | Should -Be ($result.Score -ge $result.Threshold)
            $result.ThresholdSource | Should -BeLike 'checkpoint: 0.99 quantile of 2 normal validation scores*'
            $result.MapPath | Should -BeNullOrEmpty
        }
    }

    It 'gives the same scores whatever the batch size, and for strings as for files' {
        $one = $images.FullName | Invoke-DistillInference -Checkpoint $checkpoint -BatchSize 1
        $all = Invoke-DistillInference -Path $images.FullName -Checkpoint $checkpoint -BatchSize 16
        for ($i = 0; $i -lt 10; $i++) { $one[$i].Score | Should -BeGreaterThan ($all[$i].Score - 1e-5); $one[$i].Score | Should -BeLessThan ($all[$i].Score + 1e-5) }
    }

    It 'expands wildcards and resolves paths against the current location' {
        Push-Location (Join-Path $data 'grid/test/stain')
        try { $results = Invoke-DistillInference '*.png' -Checkpoint $checkpoint } finally { Pop-Location }
        $results.Count | Should -Be 5
        $results.Path | Should -Be ((Get-ChildItem (Join-Path $data 'grid/test/stain') -Filter *.png | Sort-Object Name).FullName)
    }

    It 'uses -Threshold instead of the checkpoint threshold and says so' {
        $results = $images | Invoke-DistillInference -Checkpoint $checkpoint -Threshold 0
        ($results | Where-Object IsAnomalous).Count | Should -Be 10
        $results[0].Threshold | Should -Be 0
        $results[0].ThresholdSource | Should -Be '-Threshold'
        # last.ckpt holds no threshold: it works only with -Threshold.
        { $images[0] | Invoke-DistillInference -Checkpoint $trained.LastCheckpointPath -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.CheckpointInvalid*'
        ($images[0] | Invoke-DistillInference -Checkpoint $trained.LastCheckpointPath -Threshold 1e9).IsAnomalous | Should -BeFalse
    }

    It 'writes one map picture per image with -MapPath, unique names for repeated file names' {
        $maps = Join-Path $TestDrive 'maps'
        $results = $images | Invoke-DistillInference -Checkpoint $checkpoint -MapPath $maps
        $results.MapPath | ForEach-Object { Test-Path $_ | Should -BeTrue }
        # good/000.png and stain/000.png share a name.
        ($results.MapPath | Sort-Object -Unique).Count | Should -Be 10
        (Get-ChildItem $maps -Filter *.png).Count | Should -Be 10
    }

    It 'scores but writes no maps with -WhatIf' {
        $maps = Join-Path $TestDrive 'whatif-maps'
        $results = $images | Invoke-DistillInference -Checkpoint $checkpoint -MapPath $maps -WhatIf
        $results.Count | Should -Be 10
        @($results | Where-Object MapPath).Count | Should -Be 0
        Test-Path $maps | Should -BeFalse
    }

    It 'writes a non-terminating DistillDsl.ImageUnreadable error for an unreadable image with -BadImage Skip and scores the others' {
        $broken = Join-Path $TestDrive 'broken.png'
        Set-Content $broken 'not a PNG'
        $inputs = @($images[0].FullName, $broken, $images[1].FullName, (Join-Path $TestDrive 'missing.png'), $images[2].FullName)
        $results = $inputs | Invoke-DistillInference -Checkpoint $checkpoint -BatchSize 2 -BadImage Skip -ErrorVariable problems -ErrorAction SilentlyContinue
        $results.Path | Should -Be @($images[0].FullName, $images[1].FullName, $images[2].FullName)
        $problems.Count | Should -Be 2
        $problems.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'DistillDsl.ImageUnreadable*' }
        $problems[0].TargetObject | Should -Be $broken
        $problems[0].CategoryInfo.Category | Should -Be 'ReadError'
        $problems[0].Exception.Message | Should -BeLike "*$broken*"
    }

    It 'stops on a bad checkpoint with DistillDsl.CheckpointInvalid and on an unknown device with DistillDsl.DeviceUnavailable' {
        $bad = Join-Path $TestDrive 'bad.ckpt'
        [System.IO.File]::WriteAllBytes($bad, [byte[]](1..64))
        { $images[0] | Invoke-DistillInference -Checkpoint $bad -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.CheckpointInvalid*'
        { $images[0] | Invoke-DistillInference -Checkpoint $checkpoint -Device gpu -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.DeviceUnavailable*'
    }

    It 'validates its parameters' {
        { $images[0] | Invoke-DistillInference -Checkpoint $checkpoint -BatchSize 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
