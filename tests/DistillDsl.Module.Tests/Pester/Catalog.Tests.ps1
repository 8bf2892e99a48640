# Get-DistillBackbone, Get-DistillConfig, Test-DistillConfig: the catalog cmdlets (no training).
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $repository = $env:DISTILLDSL_REPOSITORY
}

Describe 'Get-DistillBackbone' {
    It 'lists both backbones with the catalog taps' {
        $backbones = Get-DistillBackbone
        $backbones.Name | Should -Be @('resnet18', 'efficientnet_b0')
        $layer2 = (Get-DistillBackbone resnet18).Taps | Where-Object Name -eq 'layer2'
        $layer2.Channels | Should -Be 128
        $layer2.Stride | Should -Be 8
    }

    It 'accepts names from the pipeline and wildcards' {
        ('efficient*' | Get-DistillBackbone).Name | Should -Be 'efficientnet_b0'
    }

    It 'writes a non-terminating DistillDsl.BackboneNotFound error for an unknown name and goes on' {
        $found = Get-DistillBackbone -Name 'vgg16', 'resnet18' -ErrorVariable problems -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'resnet18'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.BackboneNotFound*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Get-DistillConfig' {
    It 'lists every compiled config with its teachers' {
        $configs = Get-DistillConfig
        $configs.Name | Should -Contain 'stpm'
        $configs.Name | Should -Contain 'mixed_teacher_paper'
        $mixed = Get-DistillConfig mixed_teacher_paper
        $mixed.Teachers.Backbone | Should -Be @('resnet18', 'efficientnet_b0')
        $mixed.Source | Should -Be 'compiled'
    }

    It 'reads YAML files from Get-ChildItem' {
        $configs = Get-ChildItem (Join-Path $repository 'configs') -Filter 'reduced_student_*.yaml' | Get-DistillConfig
        $configs.Name | Should -Be @('reduced_student_code', 'reduced_student_paper')
        $configs[0].Source | Should -BeLike '*reduced_student_code.yaml'
        $configs[0].StudentParameters | Should -BeLessThan $configs[0].TeacherParameters
    }

    It 'reports an invalid YAML file with DistillDsl.ConfigInvalid and continues with the next file' {
        $bad = Join-Path $TestDrive 'bad.yaml'
        Set-Content $bad "name: bad`ninput: { size: [256, 256] }`nteachers: []`n"
        $good = Join-Path $repository 'configs/stpm.yaml'
        $configs = Get-DistillConfig -Path $bad, $good -ErrorVariable problems -ErrorAction SilentlyContinue
        $configs.Name | Should -Be 'stpm'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.ConfigInvalid*'
        $problems[0].Exception.Message | Should -BeLike '*bad.yaml(*'
    }
}

Describe 'Test-DistillConfig' {
    It 'outputs nothing for a shipped config and $true with -Quiet' {
        $stpm = Join-Path $repository 'configs/stpm.yaml'
        @(Test-DistillConfig $stpm).Count | Should -Be 0
        Test-DistillConfig $stpm -Quiet | Should -BeTrue
    }

    It 'outputs the diagnostics of a broken config with file, line and column' {
        # The shipped STPM config with one typo in the backbone's name.
        $broken = Join-Path $TestDrive 'broken.yaml'
        $lines = Get-Content (Join-Path $repository 'configs/stpm.yaml')
        $line = 1 + [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match 'backbone:\s*resnet18' })
        $lines -replace 'backbone:(\s*)resnet18', 'backbone:$1resnet19' | Set-Content $broken
        $diagnostics = Test-DistillConfig $broken
        $unknown = $diagnostics | Where-Object Id -eq 'DD0014'
        $unknown | Should -Not -BeNullOrEmpty
        $unknown.Line | Should -Be $line
        $unknown.Column | Should -BeGreaterThan 1
        $unknown.File | Should -Be $broken
        $unknown.Severity | Should -Be 'Error'
        Test-DistillConfig $broken -Quiet | Should -BeFalse
    }

    It 'writes DistillDsl.ConfigNotFound for a missing file' {
        { Test-DistillConfig (Join-Path $TestDrive 'missing.yaml') -ErrorAction Stop } |
            Should -Throw -ErrorId 'DistillDsl.ConfigNotFound*'
    }
}
