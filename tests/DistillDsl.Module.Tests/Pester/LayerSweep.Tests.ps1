# examples/layer-selection-sweep.ps1 with tiny settings: 2 configs, 1 epoch, 64×64 synthetic data.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $script = Join-Path $env:DISTILLDSL_REPOSITORY 'examples/layer-selection-sweep.ps1'
}

Describe 'examples/layer-selection-sweep.ps1' {
    It 'sweeps each config on synthetic data it writes and outputs one evaluated row per config, with the summary' {
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
        $rows[1].CheckpointPath | Should -Be (Join-Path $out 'cells/reduced_student_code.fabric.seed0/run/best.ckpt')
        Test-Path (Join-Path $out 'data/fabric/train/good') | Should -BeTrue
        (Get-Content (Join-Path $out 'summary.md') -Raw) | Should -Match '\| reduced_student_code \| fabric \| 1 \|'
        (Import-Csv (Join-Path $out 'results.csv')).Name | Should -Be $rows.Name
    }

    It 'runs nothing again when run a second time' {
        $out = Join-Path $TestDrive 'sweep'
        $before = Get-ChildItem (Join-Path $out 'cells/*/result.json') | ForEach-Object LastWriteTimeUtc
        $rows = & $script -Config layers_2_3, reduced_student_code -Epochs 1 -ImageSize 64 -TrainCount 8 -OutputPath $out
        $rows.Count | Should -Be 2
        Get-ChildItem (Join-Path $out 'cells/*/result.json') | ForEach-Object LastWriteTimeUtc | Should -Be $before
    }
}
