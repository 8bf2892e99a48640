# Tab completion of config names, backbone names, taps and devices, through PowerShell's own completion engine.
BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    function Complete([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
    }
}

Describe 'Tab completion' {
    It 'completes backbone names' {
        Complete 'Get-DistillBackbone eff' | Should -Be @('efficientnet_b0')
        Complete 'Get-DistillBackbone ' | Should -Be @('resnet18', 'efficientnet_b0')
    }

    It 'completes compiled config names' {
        Complete 'Get-DistillConfig reduced' | Should -Be @('reduced_student_code', 'reduced_student_paper')
    }
}

Describe 'Tap and device completion' {
    It 'completes the taps of the backbone already named' {
        Complete 'Get-DistillBackbone resnet18 -Tap lay' | Should -Be @('layer1', 'layer2', 'layer3', 'layer4')
        Complete 'Get-DistillBackbone -Name efficientnet_b0 -Tap stage' | Should -Be @('stage1', 'stage2', 'stage3', 'stage4', 'stage5', 'stage6', 'stage7')
    }

    It 'completes devices' {
        Complete 'Invoke-DistillTraining stpm -DataPath x -Device cu' | Should -Be @('cuda', 'cuda:0')
    }
}

Describe 'Get-DistillBackbone -Tap' {
    It 'outputs the matching taps with channels and strides' {
        $taps = Get-DistillBackbone efficientnet_b0 -Tap stage5, stage6
        $taps.Name | Should -Be @('stage5', 'stage6')
        $taps.Channels | Should -Be @(112, 192)
        $taps.Stride | Should -Be @(16, 32)
        $taps[0] | Should -BeOfType 'DistillDsl.PowerShell.Output.DistillTap'
    }

    It 'reports a tap the named backbone lacks, non-terminating' {
        $taps = Get-DistillBackbone resnet18 -Tap layer2, stage5 -ErrorVariable problems -ErrorAction SilentlyContinue
        $taps.Name | Should -Be 'layer2'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DistillDsl.BackboneNotFound*'
    }
}
