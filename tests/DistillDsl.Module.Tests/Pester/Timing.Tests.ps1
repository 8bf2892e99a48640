# Measure-DistillInference: timing sweeps. Tiny settings throughout (64 px, batch 1 and 2, 1 warm-up, 2 iterations): these
# tests check the shape and consistency of the results, not the speed of the machine.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $repository = $env:DISTILLDSL_REPOSITORY
    $tiny = @{ ImageSize = 64; BatchSize = 1, 2; Warmup = 1; Iterations = 2 }
    # The module's own TorchSharp (already loaded once a cmdlet has used torch), to read torch's thread count.
    Add-Type -Path (Join-Path (Split-Path $env:DISTILLDSL_MODULE) 'TorchSharp.dll')
}

Describe 'Measure-DistillInference points' {
    BeforeAll {
        $threadsBefore = [TorchSharp.torch]::get_num_threads()
        # A thread count other than the current one, to see that the sweep uses it and restores the old one.
        $threads = if ($threadsBefore -eq 1) { 2 } else { 1 }
        $points = Measure-DistillInference -Config stpm, reduced_student_code -Threads $threads @tiny
        $threadsAfter = [TorchSharp.torch]::get_num_threads()
    }

    It 'outputs one object per combination, in sweep order' {
        $points.Count | Should -Be 4
        ($points | ForEach-Object { "$($_.Config)/$($_.BatchSize)" }) | Should -Be @('stpm/1', 'stpm/2', 'reduced_student_code/1', 'reduced_student_code/2')
        $points | ForEach-Object {
            $_ | Should -BeOfType 'DistillDsl.PowerShell.Output.DistillTimingPoint'
            $_.Device | Should -Be 'cpu'
            $_.ImageSize | Should -Be 64
            $_.Threads | Should -Be $threads
            $_.Warmup | Should -Be 1
            $_.Iterations | Should -Be 2
            $_.TeacherWeights | Should -Be 'imagenet'
            # Channels-last, unless LibTorch's channels-last convolutions are wrong on this machine.
            $_.InferencePath | Should -Be $(if ($null -eq [DistillDsl.Fusion.ChannelsLastSupport]::Problem) { 'fast' } else { 'fast-nchw' })
        }
    }

    It 'reports consistent latencies, throughput and peak memory' {
        foreach ($point in $points) {
            $point.MinMs | Should -BeGreaterThan 0
            $point.MinMs | Should -BeLessOrEqual $point.P50Ms
            $point.P50Ms | Should -BeLessOrEqual $point.P95Ms
            $point.P95Ms | Should -BeLessOrEqual $point.MaxMs
            $point.MeanMs | Should -BeGreaterOrEqual $point.MinMs
            $point.MeanMs | Should -BeLessOrEqual $point.MaxMs
            [math]::Abs($point.MsPerImage * $point.BatchSize - $point.MeanMs) | Should -BeLessThan 0.01
            [math]::Abs($point.ImagesPerSecond * $point.MsPerImage / 1000 - 1) | Should -BeLessThan 0.005
            # The whole process (pwsh, LibTorch, a ResNet-18) is resident: far more than 100 MiB, far less than 100 GiB.
            $point.PeakMemoryMB | Should -BeGreaterThan 100
            $point.PeakMemoryMB | Should -BeLessThan 102400
            $point.PeakMemorySource | Should -Not -BeNullOrEmpty
        }
    }

    It 'times the fast path in NCHW with -MemoryFormat Contiguous and names it' {
        $point = Measure-DistillInference -Config reduced_student_code -ImageSize 64 -BatchSize 1 -Warmup 1 -Iterations 2 -MemoryFormat Contiguous
        $point.InferencePath | Should -Be 'fast-nchw'
        $point.MinMs | Should -BeGreaterThan 0
    }

    It 'restores the torch thread count' {
        $threadsAfter | Should -Be $threadsBefore
    }

    It 'exports to CSV and imports back with every property as a number or text' {
        $culture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = [cultureinfo]::InvariantCulture
            $csv = Join-Path $TestDrive 'points.csv'
            $points | Export-Csv $csv -NoTypeInformation
            $rows = Import-Csv $csv
        } finally { [cultureinfo]::CurrentCulture = $culture }
        $rows.Count | Should -Be $points.Count
        $rows[0].PSObject.Properties.Name | Should -Be $points[0].PSObject.Properties.Name
        for ($i = 0; $i -lt $points.Count; $i++) {
            foreach ($property in $points[$i].PSObject.Properties) {
                $text = $rows[$i].($property.Name)
                $text | Should -Not -BeLike 'System.*' -Because "$($property.Name) must be a flat value"
                if ($property.Value -is [double] -or $property.Value -is [int]) {
                    [double]::Parse($text, [cultureinfo]::InvariantCulture) | Should -Be $property.Value -Because $property.Name
                } else {
                    $text | Should -Be $property.Value -Because $property.Name
                }
            }
        }
    }
}

Describe 'Measure-DistillInference -PlotPath' {
    It 'writes nothing with -WhatIf but still outputs the points' {
        $png = Join-Path $TestDrive 'whatif/latency.png'
        New-Item -ItemType Directory (Split-Path $png) | Out-Null
        $points = Measure-DistillInference -Config stpm -PlotPath $png -WhatIf @tiny
        $points.Count | Should -Be 2
        @(Get-ChildItem (Split-Path $png) -Force).Count | Should -Be 0
    }

    It 'writes a PNG without -WhatIf' {
        $png = Join-Path $TestDrive 'latency.png'
        Measure-DistillInference -Config stpm -PlotPath $png @tiny | Out-Null
        $bytes = [IO.File]::ReadAllBytes($png)
        $bytes.Length | Should -BeGreaterThan 2000
        $bytes[0..3] | Should -Be @(0x89, 0x50, 0x4E, 0x47)
        @(Get-ChildItem $TestDrive -Filter '*.tmp').Count | Should -Be 0
    }

    It 'stops with DistillDsl.OutputNotWritable before timing when the folder does not exist' {
        $png = Join-Path $TestDrive 'missing-folder/latency.png'
        $output = [System.Collections.Generic.List[object]]::new()
        $record = $null
        try { Measure-DistillInference -Config stpm -PlotPath $png @tiny | ForEach-Object { $output.Add($_) } }
        catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -BeLike 'DistillDsl.OutputNotWritable*'
        $output.Count | Should -Be 0
    }
}

Describe 'Measure-DistillInference errors' {
    It 'stops with DistillDsl.ConfigNotFound for an unknown config' {
        { Measure-DistillInference -Config stpm, no_such_config @tiny } | Should -Throw -ErrorId 'DistillDsl.ConfigNotFound*'
    }

    It 'stops with DistillDsl.ConfigInvalid for a YAML file with errors' {
        $bad = Join-Path $TestDrive 'bad.yaml'
        Set-Content $bad "name: bad`ninput: { size: [64, 64] }`nteachers: []`n"
        { Measure-DistillInference -Config $bad @tiny } | Should -Throw -ErrorId 'DistillDsl.ConfigInvalid*'
    }

    It 'stops with DistillDsl.DeviceUnavailable before timing anything for a bad device' {
        $output = [System.Collections.Generic.List[object]]::new()
        $record = $null
        try { Measure-DistillInference -Config stpm -Device cpu, tpu @tiny | ForEach-Object { $output.Add($_) } }
        catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -BeLike 'DistillDsl.DeviceUnavailable*'
        $record.CategoryInfo.Category | Should -Be 'DeviceError'
        $record.Exception.Message | Should -BeLike "*'tpu'*"
        $output.Count | Should -Be 0
    }

    It 'stops with DistillDsl.InvalidArgument for an image size a config cannot be rescaled to' {
        # reduced_student_paper pools layer1 to 32×32 at 256 px: at 100 px that would be 12.5.
        { Measure-DistillInference -Config reduced_student_paper -ImageSize 100 -BatchSize 1 -Iterations 1 } |
            Should -Throw -ErrorId 'DistillDsl.InvalidArgument*'
    }

    It 'validates counts through parameter validation' {
        { Measure-DistillInference -Config stpm -BatchSize 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Measure-DistillInference -Config stpm -Iterations 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}

Describe 'Measure-DistillInference without teacher weights' {
    BeforeEach {
        # No torch hub folder holds EfficientNet-b0's weights here, whatever this machine has; the ResNet-18 weights cache
        # stays where it was, so nothing is converted again.
        $saved = @{}
        foreach ($name in 'TORCH_HOME', 'XDG_CACHE_HOME', 'HOME', 'DISTILLDSL_CACHE') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        $cache = if ($saved['DISTILLDSL_CACHE']) { $saved['DISTILLDSL_CACHE'] } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.cache/distilldsl' }
        $empty = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'no-weights')
        $env:TORCH_HOME = $empty.FullName
        $env:XDG_CACHE_HOME = $empty.FullName
        $env:HOME = $empty.FullName
        $env:DISTILLDSL_CACHE = $cache
    }

    AfterEach {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }

    It 'writes DistillDsl.WeightsUnavailable for a config whose weights are missing and goes on with the others' {
        $points = Measure-DistillInference -Config mixed_teacher_code, stpm -ImageSize 64 -BatchSize 1 -Warmup 0 -Iterations 1 `
            -ErrorVariable problems -ErrorAction SilentlyContinue
        $points.Config | Should -Be 'stpm'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.WeightsUnavailable*'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $problems[0].TargetObject | Should -Be 'mixed_teacher_code'
        $problems[0].ErrorDetails.Message | Should -BeLike '*efficientnet_b0*-RandomTeacherWeights*'
    }

    It 'times that config with -RandomTeacherWeights and says so in the output' {
        $points = Measure-DistillInference -Config mixed_teacher_code -RandomTeacherWeights -ImageSize 64 -BatchSize 1 -Warmup 0 -Iterations 1 `
            -ErrorVariable problems
        $problems.Count | Should -Be 0
        $points.Config | Should -Be 'mixed_teacher_code'
        $points.TeacherWeights | Should -Be 'random'
        $points.MeanMs | Should -BeGreaterThan 0
    }
}

Describe 'Measure-DistillInference completion' {
    It 'completes config names and devices' {
        $line = 'Measure-DistillInference -Config reduced'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText |
            Should -Be @('reduced_student_code', 'reduced_student_paper')
        $line = 'Measure-DistillInference -Config stpm -Device cu'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'cuda'
    }
}

Describe 'examples/timing-sweep.ps1' {
    It 'times the five configs, writes the CSV and the plot, and computes the ratios from the points' {
        $folder = Join-Path $TestDrive 'sweep'
        $result = & (Join-Path $repository 'examples/timing-sweep.ps1') -BatchSize 1, 2 -ImageSize 64 -Warmup 0 -Iterations 1 `
            -OutputPath $folder -PassThru 6> $null

        $rows = Import-Csv $result.CsvPath
        $rows.Count | Should -Be 10
        ($rows.Config | Select-Object -Unique) | Should -Be @('stpm', 'reduced_student_paper', 'reduced_student_code', 'mixed_teacher_paper', 'mixed_teacher_code')
        [IO.File]::ReadAllBytes($result.PlotPath)[0..3] | Should -Be @(0x89, 0x50, 0x4E, 0x47)
        if ($result.RandomTeacherWeights) { $rows.TeacherWeights | Should -Not -Contain 'imagenet' }

        $result.Ratios.BatchSize | Should -Be @(1, 2)
        foreach ($ratio in $result.Ratios) {
            $p50 = @{}
            foreach ($point in $result.Points | Where-Object BatchSize -eq $ratio.BatchSize) { $p50[$point.Config] = $point.P50Ms }
            $ratio.'RSpaper/STPM' | Should -Be ([math]::Round($p50['reduced_student_paper'] / $p50['stpm'], 3))
            $ratio.'MTcode/RScode' | Should -Be ([math]::Round($p50['mixed_teacher_code'] / $p50['reduced_student_code'], 3))
        }
    }
}
