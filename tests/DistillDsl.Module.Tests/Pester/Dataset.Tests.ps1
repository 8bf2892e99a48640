# New-DistillSyntheticDataset: the MVTec AD layout it writes, -PassThru, -WhatIf, -Force and parameter validation.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $tiny = @{ ImageSize = 32; TrainCount = 3; TestGoodCount = 2; TestDefectCount = 1 }
}

Describe 'New-DistillSyntheticDataset' {
    It 'writes one MVTec AD category per family and describes them with -PassThru' {
        $root = Join-Path $TestDrive 'two'
        $written = New-DistillSyntheticDataset $root -Family fabric, tile -Defect hole, scratch @tiny -Seed 3 -PassThru
        $written.Category | Should -Be @('fabric', 'tile')
        $written[0].Path | Should -Be (Join-Path $root 'fabric')
        $written[0].TrainCount | Should -Be 3
        $written[0].TestGoodCount | Should -Be 2
        $written[0].TestDefectCount | Should -Be 2
        $written[0].DefectTypes | Should -Be 'hole, scratch'
        (Get-ChildItem (Join-Path $root 'fabric/train/good') -Filter *.png).Count | Should -Be 3
        (Get-ChildItem (Join-Path $root 'tile/ground_truth/hole') -Filter *_mask.png).Count | Should -Be 1
        Test-Path (Join-Path $root 'fabric/test/stain') | Should -BeFalse
    }

    It 'outputs nothing without -PassThru and resolves -Path against the current location' {
        Push-Location $TestDrive
        try {
            $output = New-DistillSyntheticDataset 'relative' -Family wood @tiny
            $output | Should -BeNullOrEmpty
            Test-Path (Join-Path $TestDrive 'relative/wood/train/good/000.png') | Should -BeTrue
        } finally { Pop-Location }
    }

    It 'writes byte-identical files for the same seed and different ones for another' {
        New-DistillSyntheticDataset (Join-Path $TestDrive 's1') -Family grid @tiny -Seed 11
        New-DistillSyntheticDataset (Join-Path $TestDrive 's2') -Family grid @tiny -Seed 11
        New-DistillSyntheticDataset (Join-Path $TestDrive 's3') -Family grid @tiny -Seed 12
        $hash = { param($root) (Get-FileHash (Join-Path $TestDrive "$root/grid/test/hole/000.png")).Hash }
        & $hash 's1' | Should -Be (& $hash 's2')
        & $hash 's1' | Should -Not -Be (& $hash 's3')
    }

    It 'writes nothing with -WhatIf' {
        $root = Join-Path $TestDrive 'whatif'
        New-DistillSyntheticDataset $root -Family leather @tiny -WhatIf -PassThru | Should -BeNullOrEmpty
        Test-Path $root | Should -BeFalse
    }

    It 'refuses a non-empty category folder with DistillDsl.OutputNotWritable and replaces it with -Force' {
        $root = Join-Path $TestDrive 'again'
        New-DistillSyntheticDataset $root -Family fabric @tiny
        $marker = Join-Path $root 'fabric/marker.txt'
        Set-Content $marker 'kept unless -Force'
        { New-DistillSyntheticDataset $root -Family fabric @tiny -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.OutputNotWritable*'
        Test-Path $marker | Should -BeTrue
        New-DistillSyntheticDataset $root -Family fabric @tiny -Force
        Test-Path $marker | Should -BeFalse
        Test-Path (Join-Path $root 'fabric/train/good/000.png') | Should -BeTrue
    }

    It 'validates its parameters' {
        { New-DistillSyntheticDataset $TestDrive -Family velvet } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { New-DistillSyntheticDataset $TestDrive -ImageSize 16 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { New-DistillSyntheticDataset $TestDrive -TrainCount 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
