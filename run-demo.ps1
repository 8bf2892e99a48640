<#
.SYNOPSIS
    The README's demo through the DistillDsl module: synthetic textures, the shipped texture recipe (texture_best)
    trained and evaluated, the metrics and where the heat maps are.

.DESCRIPTION
    Run ./run-demo.sh once (it installs what is missing, restores the tools and builds the module), or after that
    `dotnet pwsh ./run-demo.ps1`. Steps: Import-Module from the build output; New-DistillSyntheticDataset writes the
    texture family in the MVTec AD layout to <OutputPath>/data; Invoke-DistillTraining trains the config (always afresh)
    into <OutputPath>/run; Invoke-DistillEvaluation evaluates its best checkpoint on the test split, writing the report
    and one heat map per test image to <OutputPath>/run/report. The tables are printed; -PassThru also outputs the
    training and evaluation result objects.

.EXAMPLE
    dotnet pwsh ./run-demo.ps1 -ImageSize 128
#>
[CmdletBinding()]
param(
    # A compiled config (stpm, reduced_student_code, ...) or a YAML file.
    [string] $Config = 'texture_best',
    [ValidateSet('fabric', 'grid', 'wood', 'leather', 'tile')] [string] $Family = 'fabric',
    # Training epochs; 0 (the default) trains the config's own number (one pass for a memory bank).
    [ValidateRange(0, 100000)] [int] $Epochs = 0,
    [ValidateRange(32, 4096)] [int] $ImageSize = 256,
    # Defect-free training images written; training holds out 20 % of them for validation.
    [ValidateRange(5, 100000)] [int] $TrainCount = 80,
    [int] $Seed = 42,
    [string] $Device = 'cpu',
    [int] $Threads = 0,
    [string] $OutputPath = 'out/demo',
    # Stream the image files and run the teacher every epoch (the cache gives the same run, faster).
    [switch] $NoCache,
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
$manifest = Join-Path $PSScriptRoot 'out/module/Release/DistillDsl/DistillDsl.psd1'
if (-not (Test-Path $manifest)) { throw "The module is not built ($manifest); run ./run-demo.sh once, or: dotnet build module/DistillDsl.PowerShell -c Release" }
Import-Module $manifest

$data = Join-Path $OutputPath 'data'
Write-Host "Writing synthetic '$Family' textures ($ImageSize×$ImageSize, seed $Seed) to $data ..."
New-DistillSyntheticDataset $data -Family $Family -ImageSize $ImageSize -TrainCount $TrainCount -Seed $Seed -Force -PassThru | Format-Table | Out-Host

$optional = @{}
if ($Threads -gt 0) { $optional.Threads = $Threads }
if ($Epochs -gt 0) { $optional.Epochs = $Epochs }
Write-Host "Training '$Config' ($(if ($Epochs -gt 0) { "$Epochs epochs" } else { "the config's epochs" })) on $Device ..."
$training = Invoke-DistillTraining $Config -DataPath $data -Category $Family -ImageSize $ImageSize -Seed $Seed `
    -Device $Device -OutputPath (Join-Path $OutputPath 'run') -Force -SkipEvaluation -NoCache:$NoCache @optional

Write-Host "Evaluating $($training.CheckpointPath) ..."
$evaluation = $training | Invoke-DistillEvaluation -DataPath $data -Category $Family -Device $Device `
    -OutputPath (Join-Path $training.OutputPath 'report')

$training | Select-Object Config, Category, EpochsRun, BestEpoch, @{ n = 'TrainingSeconds'; e = { [int]$_.Duration.TotalSeconds } }, Stop |
    Format-Table | Out-Host
$evaluation | Format-Table | Out-Host
$evaluation.PerDefectAuroc | Format-Table | Out-Host
Write-Host "Report:     $($evaluation.ReportPath) (summary.md, report.json, scores.csv, plots/)"
Write-Host "Heat maps:  $($evaluation.HeatmapPath)"
Write-Host "Checkpoint: $($training.CheckpointPath) (try: Get-ChildItem $data/$Family/test/*/*.png | Invoke-DistillInference -Checkpoint $($training.CheckpointPath))"
if ($PassThru) { $training; $evaluation }
