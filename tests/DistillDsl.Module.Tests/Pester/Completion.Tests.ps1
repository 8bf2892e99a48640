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
