# Every exported cmdlet has complete help (synopsis, description, every parameter, at least one example), the
# about_DistillDsl topic exists, and the examples of the cmdlets that need no training run without error.
BeforeDiscovery {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $cmdlets = (Get-Module DistillDsl).ExportedCmdlets.Keys | Sort-Object
}

BeforeAll {
    Import-Module $env:DISTILLDSL_MODULE -Force
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Module manifest' {
    It 'exports exactly the cmdlets the assembly defines' {
        $module = Get-Module DistillDsl
        $defined = [DistillDsl.PowerShell.Cmdlets.DistillCmdlet].Assembly.GetTypes() |
            Where-Object { $_.IsPublic -and -not $_.IsAbstract -and $_.IsSubclassOf([System.Management.Automation.Cmdlet]) } |
            ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" } |
            Sort-Object
        ($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be $defined
        $module.ExportedFunctions.Count | Should -Be 0
    }

    It 'declares [OutputType] on every cmdlet' {
        foreach ($name in (Get-Module DistillDsl).ExportedCmdlets.Keys) {
            (Get-Command $name).OutputType.Count | Should -BeGreaterThan 0 -Because "$name needs [OutputType]"
        }
    }
}

Describe 'Help of <_>' -ForEach $cmdlets {
    BeforeAll {
        $name = $_
        $help = Get-Help $name -Full
        $command = Get-Command $name
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "*$name *[<CommonParameters>]*" -Because 'an auto-generated synopsis means the MAML help is missing'
        ($help.description.Text -join ' ').Length | Should -BeGreaterThan 40
    }

    It 'describes every parameter' {
        $documented = @{}
        foreach ($parameter in $help.parameters.parameter) { $documented[$parameter.name] = ($parameter.description.Text -join ' ') }
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $documented[$parameter] | Should -Not -BeNullOrEmpty -Because "-$parameter of $name needs a description"
        }
    }

    It 'has at least one example with code' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($example in $help.examples.example) { $example.code | Should -Not -BeNullOrEmpty }
    }
}

Describe 'about_DistillDsl' {
    It 'is installed with the module' {
        $topic = Get-Help about_DistillDsl
        ($topic | Out-String).Length | Should -BeGreaterThan 500
    }
}

Describe 'Examples in help run' {
    # The catalog cmdlets need no data or training: their examples must run as written.
    It 'runs every example of <_>' -ForEach @('Get-DistillBackbone', 'Get-DistillConfig', 'Test-DistillConfig') {
        Push-Location $env:DISTILLDSL_REPOSITORY
        try {
            foreach ($example in (Get-Help $_ -Full).examples.example) {
                $code = ($example.code -join "`n") -replace '(?m)^PS>\s*', ''
                { & ([scriptblock]::Create($code)) | Out-Null } | Should -Not -Throw -Because $example.title
            }
        } finally { Pop-Location }
    }
}
