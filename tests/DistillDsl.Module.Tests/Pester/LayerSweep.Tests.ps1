# examples/layer-selection-sweep.ps1 with tiny settings: 2 configs, 1 epoch, 64×64 synthetic data.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $script = Join-Path $env:DISTILLDSL_REPOSITORY 'examples/layer-selection-sweep.ps1'
}

Describe 'examples/layer-selection-sweep.ps1' {
    It 'trains each config on synthetic data it writes and outputs one evaluated result per config' {
        $out = Join-Path $TestDrive 'sweep'
        $rows = & $script -Config layers_2_3, reduced_student_code -Epochs 1 -ImageSize 64 -TrainCount 8 -OutputPath $out
        $rows.Config | Should -Be @('layers_2_3', 'reduced_student_code')
        foreach ($row in $rows) {
            $row.Category | Should -Be 'fabric'
            $row.EpochsRun | Should -Be 1
            $row.ImageAuroc | Should -BeGreaterOrEqual 0
            $row.ImageAuroc | Should -BeLessOrEqual 1
            $row.PixelAuroc | Should -Not -BeNullOrEmpty
            Test-Path $row.CheckpointPath | Should -BeTrue
        }
        $rows[1].OutputPath | Should -Be (Join-Path $out 'reduced_student_code')
        Test-Path (Join-Path $out 'data/fabric/train/good') | Should -BeTrue
        ($rows | Out-String -Width 120) | Should -Match 'Config\s+Category\s+Epochs\s+Best\s+ImageAUROC\s+PixelAUROC\s+AUPRO'
    }
}
