<#
.SYNOPSIS
    Trains several configs on one dataset category and shows their image AUROC, pixel AUROC and AUPRO side by side.

.DESCRIPTION
    A layer-selection sweep: each config taps other teacher layers (stpm: layer1-3, layers_1_2, layers_2_3, and the
    Reduced Student of the authors' code), and Invoke-DistillTraining trains it, keeps its best epoch and evaluates it on
    the test split. Without -DataPath the script first writes synthetic textures (New-DistillSyntheticDataset) under
    -OutputPath. Each config gets its own folder <OutputPath>/<config> (checkpoints, report, heat maps); an earlier sweep
    there is replaced. The output is one Invoke-DistillTraining result per config, which PowerShell shows as a table
    (Config, Category, Epochs, Best, ImageAUROC, PixelAUROC, AUPRO, Stop); pipe it to Export-Csv to keep it.

.EXAMPLE
    dotnet pwsh ./examples/layer-selection-sweep.ps1 -Epochs 10 -ImageSize 128

.EXAMPLE
    ./examples/layer-selection-sweep.ps1 -DataPath /data/mvtec -Category carpet -Epochs 50 | Export-Csv carpet-sweep.csv
#>
[CmdletBinding()]
param(
    # Compiled config names or YAML files to compare.
    [string[]] $Config = @('stpm', 'layers_1_2', 'layers_2_3', 'reduced_student_code'),
    # A dataset root (with -Category) or category folder; synthetic textures are written when omitted.
    [string] $DataPath,
    # The category under -DataPath; with synthetic data, the texture family to write (fabric, grid, wood, leather, tile).
    [string] $Category = 'fabric',
    [ValidateRange(1, 100000)] [int] $Epochs = 10,
    [ValidateRange(32, 4096)] [int] $ImageSize = 128,
    # Synthetic data only: defect-free training images to write.
    [ValidateRange(5, 100000)] [int] $TrainCount = 60,
    [int] $Seed = 0,
    [string] $Device = 'cpu',
    [string] $OutputPath = './runs/layer-selection-sweep'
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module DistillDsl)) {
    # The repository's build output when run from a checkout, else an installed module.
    $built = Join-Path $PSScriptRoot '../out/module/Release/DistillDsl/DistillDsl.psd1'
    if (Test-Path $built) { Import-Module $built } else { Import-Module DistillDsl }
}

if (-not $DataPath) {
    $DataPath = Join-Path $OutputPath 'data'
    New-DistillSyntheticDataset $DataPath -Family $Category -ImageSize $ImageSize -TrainCount $TrainCount -Seed $Seed -Force
}

foreach ($name in $Config) {
    $folder = Join-Path $OutputPath ([System.IO.Path]::GetFileNameWithoutExtension($name))
    Invoke-DistillTraining $name -DataPath $DataPath -Category $Category -Epochs $Epochs -ImageSize $ImageSize -Seed $Seed `
        -Device $Device -OutputPath $folder -Force
}
