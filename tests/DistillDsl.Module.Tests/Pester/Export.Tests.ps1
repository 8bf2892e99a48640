# Export-DistillModel with a checkpoint trained here on tiny synthetic data (64×64, 1 epoch). That ONNX Runtime reproduces
# the TorchSharp maps and scores is tested in tests/DistillDsl.Tests/Export; here: the cmdlet's contract.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $data = Join-Path $TestDrive 'data'
    New-DistillSyntheticDataset $data -Family tile -ImageSize 64 -TrainCount 10 -TestGoodCount 2 -TestDefectCount 2 -Seed 5
    $trained = Invoke-DistillTraining reduced_student_code -DataPath $data -Category tile -ImageSize 64 -Epochs 1 -OutputPath (Join-Path $TestDrive 'run') -SkipEvaluation

    # The model's metadata, read with the ONNX protobuf classes the module already carries.
    function Get-OnnxMetadata([string] $path) {
        $model = [Onnx.ModelProto]::Parser.ParseFrom([System.IO.File]::ReadAllBytes($path))
        $metadata = @{}
        foreach ($entry in $model.MetadataProps) { $metadata[$entry.Key] = $entry.Value }
        $metadata
    }
}

Describe 'Export-DistillModel' {
    It 'exports a training result from the pipeline beside its checkpoint, with config and threshold in the metadata' {
        $model = $trained | Export-DistillModel -PassThru
        $model.Path | Should -Be ([System.IO.Path]::ChangeExtension($trained.CheckpointPath, '.onnx'))
        Test-Path $model.Path | Should -BeTrue
        $model.Bytes | Should -Be (Get-Item $model.Path).Length
        $model.Config | Should -Be 'reduced_student_code'
        $model.InputSize | Should -Be '64x64'
        $model.Threshold | Should -Be ([double]$trained.Threshold)
        $metadata = Get-OnnxMetadata $model.Path
        $metadata['distill.config_name'] | Should -Be 'reduced_student_code'
        $metadata['distill.config_sha256'] | Should -Be $model.ConfigSha256
        [float]::Parse($metadata['distill.threshold'], [cultureinfo]::InvariantCulture) | Should -Be ([float]$trained.Threshold)
        $metadata['distill.input_height'] | Should -Be '64'
    }

    It 'outputs nothing without -PassThru and writes to -OutputPath relative to the current location' {
        Push-Location $TestDrive
        try { $output = Export-DistillModel -Checkpoint $trained.CheckpointPath -OutputPath 'models/detector.onnx' } finally { Pop-Location }
        $output | Should -BeNullOrEmpty
        Test-Path (Join-Path $TestDrive 'models/detector.onnx') | Should -BeTrue
    }

    It 'writes nothing with -WhatIf' {
        $target = Join-Path $TestDrive 'whatif.onnx'
        Export-DistillModel $trained.CheckpointPath $target -WhatIf
        Test-Path $target | Should -BeFalse
    }

    It 'refuses to overwrite without -Force (DistillDsl.OutputNotWritable) and overwrites with it' {
        $target = Join-Path $TestDrive 'existing.onnx'
        Set-Content $target 'keep me'
        Export-DistillModel $trained.CheckpointPath $target -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.OutputNotWritable*'
        Get-Content $target | Should -Be 'keep me'
        Export-DistillModel $trained.CheckpointPath $target -Force
        (Get-Item $target).Length | Should -BeGreaterThan 1000
    }

    It 'stops with DistillDsl.CheckpointInvalid for a damaged checkpoint and for one without a threshold' {
        $damaged = Join-Path $TestDrive 'damaged.ckpt'
        Set-Content $damaged 'not a checkpoint'
        { Export-DistillModel $damaged -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.CheckpointInvalid*'
        { Export-DistillModel $trained.LastCheckpointPath -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.CheckpointInvalid*'
        Test-Path ([System.IO.Path]::ChangeExtension($trained.LastCheckpointPath, '.onnx')) | Should -BeFalse
    }
}
