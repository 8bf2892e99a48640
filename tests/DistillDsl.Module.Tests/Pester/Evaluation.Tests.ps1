# Invoke-DistillEvaluation of a checkpoint trained here on tiny synthetic data (64×64, 1 epoch).
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $data = Join-Path $TestDrive 'data'
    New-DistillSyntheticDataset $data -Family tile -Defect hole, scratch -ImageSize 64 -TrainCount 10 -TestGoodCount 4 -TestDefectCount 2 -Seed 2
    $trained = Invoke-DistillTraining reduced_student_code -DataPath $data -Category tile -ImageSize 64 -Epochs 1 -OutputPath (Join-Path $TestDrive 'run') -SkipEvaluation
}

Describe 'Invoke-DistillEvaluation' {
    It 'takes the checkpoint from a training result in the pipeline and outputs the metrics' {
        $result = $trained | Invoke-DistillEvaluation -DataPath $data -Category tile
        $result | Should -BeOfType 'DistillDsl.PowerShell.Output.DistillEvaluationResult'
        $result.Config | Should -Be 'reduced_student_code'
        $result.Category | Should -Be 'tile'
        $result.Checkpoint | Should -Be $trained.CheckpointPath
        ($result.ImageCount, $result.NormalCount, $result.AnomalousCount, $result.SkippedCount) | Should -Be @(8, 4, 4, 0)
        foreach ($metric in 'ImageAuroc', 'ImageF1Max', 'PixelAuroc', 'Aupro', 'PixelF1Max') {
            $result.$metric | Should -BeGreaterOrEqual 0 -Because $metric
            $result.$metric | Should -BeLessOrEqual 1 -Because $metric
        }
        $result.PerDefectAuroc.DefectType | Should -Be @('hole', 'scratch')
        $result.PerDefectAuroc.ImageCount | Should -Be @(2, 2)
        $result.PerDefectSummary | Should -Match '^hole=[0-9.]+; scratch=[0-9.]+$'
        $result.Threshold | Should -Be $trained.Threshold
        $result.MillisecondsPerImage | Should -BeGreaterThan 0
    }

    It 'writes the report and heat maps beside the checkpoint by default, and they agree with the result' {
        $result = Invoke-DistillEvaluation $trained.CheckpointPath -DataPath (Join-Path $data 'tile')
        $result.ReportPath | Should -Be (Join-Path $TestDrive 'run/evaluation/tile')
        $report = Get-Content (Join-Path $result.ReportPath 'report.json') -Raw | ConvertFrom-Json
        $report.metrics.image.auroc | Should -Be $result.ImageAuroc
        $report.metrics.pixel.aupro | Should -Be $result.Aupro
        $report.metrics.perDefectType.defectType | Should -Be $result.PerDefectAuroc.DefectType
        (Get-ChildItem $result.HeatmapPath -Filter *.png).Count | Should -Be 8
        Test-Path (Join-Path $result.ReportPath 'scores.csv') | Should -BeTrue
    }

    It 'writes no heat maps with -NoHeatmaps and honours -OutputPath relative to the current location' {
        Push-Location $TestDrive
        try { $result = Invoke-DistillEvaluation $trained.CheckpointPath -DataPath $data -Category tile -OutputPath 'plain' -NoHeatmaps }
        finally { Pop-Location }
        $result.ReportPath | Should -Be (Join-Path $TestDrive 'plain')
        $result.HeatmapPath | Should -BeNullOrEmpty
        Test-Path (Join-Path $TestDrive 'plain/report.json') | Should -BeTrue
        Test-Path (Join-Path $TestDrive 'plain/heatmaps') | Should -BeFalse
    }

    It 'evaluates a plain-folder dataset (normal/ and abnormal/, no masks) at image level only' {
        $plain = Join-Path $TestDrive 'plain-folders'
        New-Item -ItemType Directory (Join-Path $plain 'normal'), (Join-Path $plain 'abnormal') | Out-Null
        Copy-Item (Join-Path $data 'tile/train/good/*.png') (Join-Path $plain 'normal')
        Get-ChildItem (Join-Path $data 'tile/test') -Recurse -Filter *.png | Where-Object { $_.Directory.Name -ne 'good' } |
            ForEach-Object { Copy-Item $_.FullName (Join-Path $plain "abnormal/$($_.Directory.Name)_$($_.Name)") }
        $result = Invoke-DistillEvaluation $trained.CheckpointPath -DataPath $plain -OutputPath (Join-Path $TestDrive 'plain-report') -NoHeatmaps
        $result.AnomalousCount | Should -Be 4
        $result.NormalCount | Should -Be 2   # 20 % of the 10 normal images are held out as normal test images
        $result.ImageAuroc | Should -BeGreaterOrEqual 0
        $result.PixelAuroc | Should -BeNullOrEmpty
        $result.Aupro | Should -BeNullOrEmpty
        $result.PixelMetricsSkipped | Should -Be 'the test set has image labels only (no ground-truth masks)'
        $result.Category | Should -Be 'plain-folders' -Because 'a plain-folder category is named after the folder holding normal/ and abnormal/'
    }

    It 'evaluates an MVTec AD category without ground_truth/ at image level, says why, and still writes heat maps' {
        $labels = Join-Path $TestDrive 'labels-only'
        Copy-Item (Join-Path $data 'tile') $labels -Recurse
        Remove-Item (Join-Path $labels 'ground_truth') -Recurse
        $full = Invoke-DistillEvaluation $trained.CheckpointPath -DataPath $data -Category tile -OutputPath (Join-Path $TestDrive 'labels-full') -NoHeatmaps
        $result = Invoke-DistillEvaluation $trained.CheckpointPath -DataPath $labels -OutputPath (Join-Path $TestDrive 'labels-report')
        $result.ImageAuroc | Should -Be $full.ImageAuroc
        $result.PerDefectSummary | Should -Be $full.PerDefectSummary
        $result.PixelAuroc | Should -BeNullOrEmpty
        $result.PixelMetricsSkipped | Should -BeLike '*image labels only*'
        @(Get-ChildItem $result.HeatmapPath -Filter *.png).Count | Should -Be $result.ImageCount
        $json = Get-Content (Join-Path $result.ReportPath 'report.json') -Raw | ConvertFrom-Json
        $json.metrics.pixel | Should -BeNullOrEmpty
        $json.metrics.pixelSkipped | Should -Be $result.PixelMetricsSkipped
        Get-Content (Join-Path $result.ReportPath 'summary.md') -Raw | Should -BeLike '*Pixel metrics were skipped: the test set has image labels only*'
    }

    It 'exports cleanly to CSV' {
        $csv = Join-Path $TestDrive 'metrics.csv'
        Invoke-DistillEvaluation $trained.CheckpointPath -DataPath $data -Category tile -OutputPath (Join-Path $TestDrive 'csv') -NoHeatmaps | Export-Csv $csv
        $row = Import-Csv $csv
        $row.PerDefectSummary | Should -BeLike 'hole=*; scratch=*'
        [double]$row.ImageAuroc | Should -BeGreaterOrEqual 0
    }

    It 'writes nothing with -WhatIf' {
        $out = Join-Path $TestDrive 'whatif'
        Invoke-DistillEvaluation $trained.CheckpointPath -DataPath $data -Category tile -OutputPath $out -WhatIf | Should -BeNullOrEmpty
        Test-Path $out | Should -BeFalse
    }

    It 'stops on a bad checkpoint with DistillDsl.CheckpointInvalid' {
        $bad = Join-Path $TestDrive 'bad.ckpt'
        Set-Content $bad 'not a checkpoint'
        $failure = { Invoke-DistillEvaluation $bad -DataPath $data -Category tile -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.CheckpointInvalid*' -PassThru
        $failure.Exception.Message | Should -BeLike "*$bad*"
        { Invoke-DistillEvaluation (Join-Path $TestDrive 'missing.ckpt') -DataPath $data -Category tile -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.CheckpointInvalid*'
    }

    It 'stops on a missing dataset with DistillDsl.DatasetInvalid and on an unknown device with DistillDsl.DeviceUnavailable' {
        { Invoke-DistillEvaluation $trained.CheckpointPath -DataPath (Join-Path $TestDrive 'nowhere') -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.DatasetInvalid*'
        { Invoke-DistillEvaluation $trained.CheckpointPath -DataPath $data -Category tile -Device 'cuda:x' -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.DeviceUnavailable*'
    }
}
