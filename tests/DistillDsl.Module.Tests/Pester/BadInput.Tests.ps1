# A systematic probe of bad inputs, one It per case, so that they stay fixed: nothing is left out
# silently, a write failure loses no computed work, and every message names the file and the real reason. One checkpoint
# trained here on tiny synthetic data (64×64, 1 epoch) serves every case.
#
# Unwritable folders: the tests run as root, where chmod -w does not stop writes, so a write failure is made reliably by
# a path under a regular FILE (<file>/sub), or by a file standing where the cmdlet needs a folder.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $data = Join-Path $TestDrive 'data'
    New-DistillSyntheticDataset $data -Family tile -Defect hole -ImageSize 64 -TrainCount 10 -TestGoodCount 3 -TestDefectCount 3 -Seed 5
    $trained = Invoke-DistillTraining reduced_student_code -DataPath $data -Category tile -ImageSize 64 -Epochs 1 -OutputPath (Join-Path $TestDrive 'run') -SkipEvaluation
    $checkpoint = $trained.CheckpointPath
    $images = @(Get-ChildItem (Join-Path $data 'tile/test') -Recurse -Filter *.png | Sort-Object FullName)
    $aFile = Join-Path $TestDrive 'a-file.txt'
    Set-Content $aFile 'a regular file, where a folder is needed'

    # A valid 1×1 RGB PNG (made with Python's zlib and struct).
    $onePixelPng = [Convert]::FromBase64String('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNoaGgAAAMEAYFL09IQAAAAAElFTkSuQmCC')

    # A copy of the test category to damage.
    function Copy-Category([string] $name) {
        $copy = Join-Path $TestDrive $name
        Copy-Item (Join-Path $data 'tile') $copy -Recurse
        $copy
    }
}

Describe 'Nothing is left out silently' {
    It 'reports a mask of another size as DistillDsl.ImageUnreadable naming the mask and both sizes, and counts its image skipped' {
        $category = Copy-Category 'wrong-mask'
        $mask = @(Get-ChildItem (Join-Path $category 'ground_truth/hole') -Filter *.png | Sort-Object Name)[0].FullName
        [IO.File]::WriteAllBytes($mask, $onePixelPng)
        $result = Invoke-DistillEvaluation $checkpoint -DataPath $category -OutputPath (Join-Path $TestDrive 'wrong-mask-report') -NoHeatmaps `
            -BadImage Skip -ErrorVariable problems -ErrorAction SilentlyContinue
        $result.SkippedCount | Should -Be 1
        $result.ImageCount | Should -Be 5
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.ImageUnreadable*'
        $problems[0].TargetObject | Should -Be $mask
        $problems[0].Exception.Message | Should -BeLike "*'$mask'*the mask is 1×1 pixels but its image*is 64×64*"
    }

    It 'writes one non-terminating DistillDsl.ImageUnreadable per unreadable test image with -BadImage Skip and lists them in the result' {
        $category = Copy-Category 'unreadable'
        $broken = @(Get-ChildItem (Join-Path $category 'test/good') -Filter *.png | Sort-Object Name)[0..1].FullName
        foreach ($file in $broken) { Set-Content $file 'not a PNG' }
        $result = Invoke-DistillEvaluation $checkpoint -DataPath $category -OutputPath (Join-Path $TestDrive 'unreadable-report') -NoHeatmaps `
            -BadImage Skip -ErrorVariable problems -ErrorAction SilentlyContinue
        $result.SkippedCount | Should -Be 2
        $result.SkippedImages.Path | Should -Be $broken
        $result.SkippedImages.Stage | Should -Be @('Evaluation', 'Evaluation')
        $result.SkippedImages[0].Reason | Should -BeLike '*not a PNG, JPEG or BMP file*'
        $result.ImageCount | Should -Be 4
        $problems.Count | Should -Be 2
        $problems.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'DistillDsl.ImageUnreadable*' }
        $problems.TargetObject | Should -Be $broken
        $problems[0].Exception.Message | Should -BeLike "*$($broken[0])*not a PNG, JPEG or BMP file*"
    }

    It 'refuses -Threshold <value> at parameter binding' -TestCases @(
        @{ Value = [double]::NaN }, @{ Value = [double]::PositiveInfinity }, @{ Value = [double]::NegativeInfinity }
    ) {
        $failure = { $images[0] | Invoke-DistillInference -Checkpoint $checkpoint -Threshold $Value -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError*' -PassThru
        $failure.Exception.Message | Should -BeLike '*must be a finite number*'
    }

    It 'writes a non-terminating error naming a wildcard that matches nothing, and scores the other inputs' {
        $pattern = Join-Path $TestDrive 'nowhere-*.png'
        $results = Invoke-DistillInference -Path $pattern, $images[0].FullName -Checkpoint $checkpoint -ErrorVariable problems -ErrorAction SilentlyContinue
        $results.Path | Should -Be $images[0].FullName
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.ImageUnreadable*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].Exception.Message | Should -BeLike "No file matches '$pattern'*"
    }

    It 'warns about a 1×1 image, naming it, in inference and in evaluation' {
        $tiny = Join-Path $TestDrive 'tiny.png'
        [IO.File]::WriteAllBytes($tiny, $onePixelPng)
        $result = $tiny | Invoke-DistillInference -Checkpoint $checkpoint -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Path | Should -Be $tiny
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -BeLike "'$tiny' is only 1×1 pixels and is upscaled to the model's 64×64 input*"

        $category = Copy-Category 'tiny-image'
        $small = @(Get-ChildItem (Join-Path $category 'test/good') -Filter *.png | Sort-Object Name)[0].FullName
        [IO.File]::WriteAllBytes($small, $onePixelPng)
        $null = Invoke-DistillEvaluation $checkpoint -DataPath $category -OutputPath (Join-Path $TestDrive 'tiny-report') -NoHeatmaps `
            -WarningVariable evaluationWarnings -WarningAction SilentlyContinue
        @($evaluationWarnings).Count | Should -Be 1
        $evaluationWarnings[0].Message | Should -BeLike "'$small' is only 1×1 pixels*"
    }
}

Describe 'One bad image among many: -BadImage Stop (default) or Skip, in training, evaluation and inference' {
    BeforeAll {
        # A category with one training image that is not a PNG (and good test images).
        $badTrain = Copy-Category 'bad-train'
        $brokenTrain = @(Get-ChildItem (Join-Path $badTrain 'train/good') -Filter *.png | Sort-Object Name)[0].FullName
        Set-Content $brokenTrain 'not a PNG'
        # A category with one test image that is not a PNG.
        $badTest = Copy-Category 'bad-test'
        $brokenTest = @(Get-ChildItem (Join-Path $badTest 'test/good') -Filter *.png | Sort-Object Name)[0].FullName
        Set-Content $brokenTest 'not a PNG'
    }

    It 'stops Invoke-DistillTraining before any epoch with a terminating DistillDsl.ImageUnreadable naming the training image' {
        $out = Join-Path $TestDrive 'bad-train-stop'
        $failure = { Invoke-DistillTraining reduced_student_code -DataPath $badTrain -ImageSize 64 -Epochs 1 -OutputPath $out -SkipEvaluation -ErrorAction Stop } |
            Should -Throw -ErrorId 'DistillDsl.ImageUnreadable*' -PassThru
        $failure.TargetObject | Should -Be $brokenTrain
        $failure.Exception.Message | Should -BeLike "*'$brokenTrain'*not a PNG, JPEG or BMP file*"
        $failure.ErrorDetails.Message | Should -BeLike '*-BadImage Skip leaves such images out*'
        Test-Path (Join-Path $out 'last.ckpt') | Should -BeFalse
        (Get-DistillRun $out).State | Should -Be 'Failed'
    }

    It 'trains on the other images with -BadImage Skip, with one non-terminating error and the image in the result' {
        $result = Invoke-DistillTraining reduced_student_code -DataPath $badTrain -ImageSize 64 -Epochs 1 -OutputPath (Join-Path $TestDrive 'bad-train-skip') `
            -SkipEvaluation -BadImage Skip -ErrorVariable problems -ErrorAction SilentlyContinue
        $result.Stop | Should -Be 'Completed'
        $result.SkippedCount | Should -Be 1
        $result.SkippedImages[0].Path | Should -Be $brokenTrain
        $result.SkippedImages[0].Stage | Should -Be 'Training'
        $result.SkippedImages[0].Reason | Should -BeLike '*not a PNG, JPEG or BMP file*'
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.ImageUnreadable*'
        $problems[0].TargetObject | Should -Be $brokenTrain
        $problems[0].Exception.Message | Should -BeLike "Training image '$brokenTrain' was left out of the run: *"
    }

    It 'stops Invoke-DistillEvaluation by default with a terminating DistillDsl.ImageUnreadable naming the test image, writing no report' {
        $out = Join-Path $TestDrive 'bad-test-stop'
        $failure = { Invoke-DistillEvaluation $checkpoint -DataPath $badTest -OutputPath $out -ErrorAction Stop } |
            Should -Throw -ErrorId 'DistillDsl.ImageUnreadable*' -PassThru
        $failure.TargetObject | Should -Be $brokenTest
        $failure.Exception.Message | Should -BeLike "*'$brokenTest'*not a PNG, JPEG or BMP file*"
        Test-Path (Join-Path $out 'report.json') | Should -BeFalse
    }

    It 'outputs the training and then stops on an unreadable test image by default; with -BadImage Skip it lists it' {
        $out = Join-Path $TestDrive 'bad-test-train'
        $outputs = [System.Collections.Generic.List[object]]::new()
        $failure = { Invoke-DistillTraining reduced_student_code -DataPath $badTest -ImageSize 64 -Epochs 1 -OutputPath $out | ForEach-Object { $outputs.Add($_) } } |
            Should -Throw -ErrorId 'DistillDsl.ImageUnreadable*' -PassThru
        $failure.TargetObject | Should -Be $brokenTest
        $outputs.Count | Should -Be 1
        $outputs[0].Stop | Should -Be 'Completed'
        $outputs[0].ImageAuroc | Should -BeNullOrEmpty
        Test-Path $outputs[0].CheckpointPath | Should -BeTrue

        $skipped = Invoke-DistillTraining reduced_student_code -DataPath $badTest -ImageSize 64 -Epochs 1 -OutputPath $out -Force -BadImage Skip `
            -ErrorVariable skipProblems -ErrorAction SilentlyContinue
        $skipped.ImageAuroc | Should -BeGreaterOrEqual 0
        $skipped.SkippedCount | Should -Be 1
        $skipped.SkippedImages[0].Stage | Should -Be 'Evaluation'
        @($skipProblems).Count | Should -Be 1
    }

    It 'stops Invoke-DistillInference by default at an unreadable image, after the results before it' {
        $broken = Join-Path $TestDrive 'broken-inference.png'
        Set-Content $broken 'not a PNG'
        $results = [System.Collections.Generic.List[object]]::new()
        $failure = { $images[0].FullName, $broken, $images[1].FullName | Invoke-DistillInference -Checkpoint $checkpoint -BatchSize 1 -ErrorAction Stop |
                       ForEach-Object { $results.Add($_) } } | Should -Throw -ErrorId 'DistillDsl.ImageUnreadable*' -PassThru
        $failure.TargetObject | Should -Be $broken
        $failure.Exception.Message | Should -BeLike "*'$broken'*"
        $results.Path | Should -Be @($images[0].FullName)
    }
}

Describe 'A write failure loses no computed work' {
    It 'outputs the evaluation when its heat maps cannot be written, reports DistillDsl.OutputNotWritable and leaves no report files' {
        $out = Join-Path $TestDrive 'heatmaps-blocked'
        New-Item -ItemType Directory $out | Out-Null
        Set-Content (Join-Path $out 'heatmaps') 'a file where the heat-map folder goes'
        $result = Invoke-DistillEvaluation $checkpoint -DataPath $data -Category tile -OutputPath $out -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeOfType 'DistillDsl.PowerShell.Output.DistillEvaluationResult'
        $result.ImageAuroc | Should -BeGreaterOrEqual 0
        $result.ImageCount | Should -Be 6
        $result.ReportPath | Should -BeNullOrEmpty
        $result.HeatmapPath | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.OutputNotWritable*'
        $problems[0].TargetObject | Should -Be $out
        $problems[0].Exception.Message | Should -BeLike "*'$out'*"
        @(Get-ChildItem $out -Recurse -Force).Name | Should -Be @('heatmaps')
    }

    It 'removes the report files already written when a later one fails' {
        $out = Join-Path $TestDrive 'plots-blocked'
        New-Item -ItemType Directory $out | Out-Null
        # scores.csv, report.json and summary.md are written before plots/, which is a file here.
        Set-Content (Join-Path $out 'plots') 'a file where the plots folder goes'
        $result = Invoke-DistillEvaluation $checkpoint -DataPath $data -Category tile -OutputPath $out -NoHeatmaps -ErrorVariable problems -ErrorAction SilentlyContinue
        $result.ImageAuroc | Should -BeGreaterOrEqual 0
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.OutputNotWritable*'
        @(Get-ChildItem $out -Recurse -Force).Name | Should -Be @('plots')
    }

    It 'outputs the training result when its report cannot be written, and reports DistillDsl.OutputNotWritable after it' {
        $out = Join-Path $TestDrive 'train-report-blocked'
        New-Item -ItemType Directory $out | Out-Null
        Set-Content (Join-Path $out 'report') 'a file where the report folder goes'
        $output = Invoke-DistillTraining reduced_student_code -DataPath $data -Category tile -ImageSize 64 -Epochs 1 -OutputPath $out `
            -ErrorVariable problems -ErrorAction SilentlyContinue
        $output.Stop | Should -Be 'Completed'
        Test-Path $output.CheckpointPath | Should -BeTrue
        $output.ImageAuroc | Should -BeGreaterOrEqual 0
        $output.ReportPath | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.OutputNotWritable*'
        $problems[0].Exception.Message | Should -BeLike "*$(Join-Path $out 'report')*"
    }

    It 'scores every image when -MapPath is under a file, with one DistillDsl.OutputNotWritable naming it' {
        $maps = Join-Path $aFile 'maps'
        $results = $images | Invoke-DistillInference -Checkpoint $checkpoint -MapPath $maps -ErrorVariable problems -ErrorAction SilentlyContinue
        $results.Count | Should -Be $images.Count
        @($results | Where-Object MapPath).Count | Should -Be 0
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.OutputNotWritable*'
        $problems[0].Exception.Message | Should -BeLike "*'$aFile' is a file, not a folder*"
    }

    It 'scores every image when a map picture cannot be written during the run, and keeps the pictures written before' {
        $maps = Join-Path $TestDrive 'maps-blocked'
        # The third input's picture name is taken by a folder, so that write fails after two pictures are written.
        $blocked = Join-Path $maps "$($images[2].BaseName).png"
        if ($images[2].BaseName -in $images[0].BaseName, $images[1].BaseName) { $blocked = Join-Path $maps "$($images[2].BaseName)_2.png" }
        New-Item -ItemType Directory $blocked | Out-Null
        $results = $images | Invoke-DistillInference -Checkpoint $checkpoint -MapPath $maps -BatchSize 1 -ErrorVariable problems -ErrorAction SilentlyContinue
        $results.Count | Should -Be $images.Count
        $results[0].MapPath, $results[1].MapPath | ForEach-Object { Test-Path $_ -PathType Leaf | Should -BeTrue }
        @($results | Select-Object -Skip 2 | Where-Object MapPath).Count | Should -Be 0
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.OutputNotWritable*'
        $problems[0].TargetObject | Should -Be $blocked
    }
}

Describe 'Messages name the real reason' {
    It 'says a folder given as -Config is a folder' {
        $folder = Join-Path $TestDrive 'a-config-folder'
        New-Item -ItemType Directory $folder | Out-Null
        $failure = { Invoke-DistillTraining "$folder/" -DataPath $data -Category tile -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.Config*' -PassThru
        $failure.Exception.Message | Should -BeLike '*is a folder, not a YAML file*'
        $failure.Exception.Message | Should -Not -BeLike '*denied*'
    }

    It 'says a folder given as -Checkpoint is a folder' {
        $failure = { Invoke-DistillEvaluation $TestDrive -DataPath $data -Category tile -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.CheckpointInvalid*' -PassThru
        $failure.Exception.Message | Should -BeLike '*is a folder, not a checkpoint file*'
        $failure.Exception.Message | Should -Not -BeLike '*denied*'
    }

    It 'says a folder given to Invoke-DistillInference is a folder' {
        $folder = Join-Path $data 'tile/test/good'
        $null = Invoke-DistillInference $folder -Checkpoint $checkpoint -BadImage Skip -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.ImageUnreadable*'
        $problems[0].Exception.Message | Should -BeLike "*$folder*it is a folder, not an image file*"
    }

    It 'calls a checkpoint with one flipped header byte damaged, not written by a newer DistillDsl' {
        $bytes = [IO.File]::ReadAllBytes($checkpoint)
        $bytes[10] = $bytes[10] -bxor 1   # schema version 1 reads as 65537
        $flipped = Join-Path $TestDrive 'flipped-header.ckpt'
        [IO.File]::WriteAllBytes($flipped, $bytes)
        $failure = { Invoke-DistillEvaluation $flipped -DataPath $data -Category tile -ErrorAction Stop } | Should -Throw -ErrorId 'DistillDsl.CheckpointInvalid*' -PassThru
        $failure.Exception.Message | Should -BeLike '*damaged*'
        $failure.Exception.Message | Should -Not -BeLike '*newer*'
    }

    It 'says an -OutputPath that is a file is a file, before any work (<Cmdlet>)' -TestCases @(
        @{ Cmdlet = 'Invoke-DistillTraining' }, @{ Cmdlet = 'Invoke-DistillEvaluation' }
    ) {
        $run = if ($Cmdlet -eq 'Invoke-DistillTraining') { { Invoke-DistillTraining reduced_student_code -DataPath $data -Category tile -OutputPath $aFile -ErrorAction Stop } }
               else { { Invoke-DistillEvaluation $checkpoint -DataPath $data -Category tile -OutputPath $aFile -ErrorAction Stop } }
        $failure = $run | Should -Throw -ErrorId 'DistillDsl.OutputNotWritable*' -PassThru
        $failure.Exception.Message | Should -Be "-OutputPath: '$aFile' is a file, not a folder; give a folder path (it is created when missing)."
    }

    It 'says an -OutputPath under a file cannot be created, not DirectoryNotFoundException (<Cmdlet>)' -TestCases @(
        @{ Cmdlet = 'Invoke-DistillTraining' }, @{ Cmdlet = 'Invoke-DistillEvaluation' }
    ) {
        $under = Join-Path $aFile 'sub'
        $run = if ($Cmdlet -eq 'Invoke-DistillTraining') { { Invoke-DistillTraining reduced_student_code -DataPath $data -Category tile -OutputPath $under -ErrorAction Stop } }
               else { { Invoke-DistillEvaluation $checkpoint -DataPath $data -Category tile -OutputPath $under -ErrorAction Stop } }
        $failure = $run | Should -Throw -ErrorId 'DistillDsl.OutputNotWritable*' -PassThru
        $failure.Exception.Message | Should -Be "-OutputPath: '$under' cannot be created: '$aFile' is a file, not a folder."
        Test-Path $aFile -PathType Leaf | Should -BeTrue
    }
}
