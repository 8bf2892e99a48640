# Module manifest of DistillDsl: knowledge-distillation anomaly detection (STPM, Reduced Student, MixedTeacher).
@{
    RootModule           = 'DistillDsl.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5d1f3f8e-6a53-4c2b-9c61-2f7b1c0e9a41'
    Author               = 'DistillDsl contributors'
    Description          = 'Train, evaluate, time and run knowledge-distillation anomaly detectors (STPM, Reduced Student, MixedTeacher) for textured surfaces, with configs written in YAML.'
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('DistillDsl.Format.ps1xml', 'formats/Run.Format.ps1xml', 'formats/Timing.Format.ps1xml', 'formats/Sweep.Format.ps1xml')
    # Explicit exports: the module's surface is exactly these cmdlets (the run cmdlets, then configs, data, export and sweeps).
    CmdletsToExport      = @(
        'Invoke-DistillTraining'
        'Get-DistillRun'
        'Invoke-DistillEvaluation'
        'Invoke-DistillInference'
        'Measure-DistillInference'
        'Get-DistillConfig'
        'Test-DistillConfig'
        'Get-DistillBackbone'
        'New-DistillSyntheticDataset'
        'Export-DistillModel'
        'Invoke-DistillSweep'
        'Invoke-DistillSweepCell'
        'Get-DistillSweep'
        'Receive-DistillSweep'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('anomaly-detection', 'knowledge-distillation', 'torchsharp', 'mvtec')
        }
    }
}
