<#
.SYNOPSIS
    Trains several configs on one dataset category over one or more seeds, as a sweep, and shows their image AUROC,
    pixel AUROC and AUPRO side by side.

.DESCRIPTION
    A layer-selection sweep: each config taps other teacher layers (stpm: layer1-3, layers_1_2, layers_2_3, and the
    Reduced Student of the authors' code). Invoke-DistillSweep runs one cell per config and seed (training with
    evaluation on the test split) into <OutputPath>/cells/<config>.<category>.seed<n>; a cell that finished in an
    earlier run of this script is not run again and an interrupted one resumes, so the script can simply be run again.
    Receive-DistillSweep then gathers the cells into one table (output, one row per cell), results.csv and summary.md
    (mean ± std over the seeds) in <OutputPath>. Without -DataPath the script first writes synthetic textures
    (New-DistillSyntheticDataset) under <OutputPath>/data. With -Engine Slurm the cells are submitted as one array job
    instead and the script returns the job; run it again when the job is done to gather the table.

.EXAMPLE
    dotnet pwsh ./examples/layer-selection-sweep.ps1 -Epochs 10 -ImageSize 128

.EXAMPLE
    ./examples/layer-selection-sweep.ps1 -DataPath /data/mvtec -Category carpet -Seed 0, 1, 2 -Epochs 50 -ThrottleLimit 2
#>
[CmdletBinding()]
param(
    # Compiled config names or YAML files to compare.
    [string[]] $Config = @('stpm', 'layers_1_2', 'layers_2_3', 'reduced_student_code'),
    # A dataset root; synthetic textures are written when omitted.
    [string] $DataPath,
    # The category under -DataPath; with synthetic data, the texture family to write (fabric, grid, wood, leather, tile).
    [string] $Category = 'fabric',
    [ValidateRange(1, 100000)] [int] $Epochs = 10,
    [ValidateRange(32, 4096)] [int] $ImageSize = 128,
    # Synthetic data only: defect-free training images to write.
    [ValidateRange(5, 100000)] [int] $TrainCount = 60,
    # Training seeds: one cell per config and seed.
    [int[]] $Seed = @(0),
    [string] $Device = 'cpu',
    # Cells at once on this machine (each gets the cores divided by this).
    [ValidateRange(1, 1024)] [int] $ThrottleLimit = 1,
    [ValidateSet('Local', 'Slurm')] [string] $Engine = 'Local',
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
    if (-not (Test-Path (Join-Path $DataPath $Category))) {
        New-DistillSyntheticDataset $DataPath -Family $Category -ImageSize $ImageSize -TrainCount $TrainCount -Seed $Seed[0]
    }
}

$sweep = @{
    name = 'layer-selection'; configs = $Config; data = $DataPath; categories = $Category; seeds = $Seed
    epochs = $Epochs; imageSize = $ImageSize; device = $Device; output = $OutputPath
}
if ($Engine -eq 'Slurm') {
    # The array job; Get-DistillSweep follows it, and this script run again gathers the table once it is done.
    if (Get-ChildItem (Join-Path $OutputPath 'cells/*/result.json') -ErrorAction SilentlyContinue) {
        Receive-DistillSweep $OutputPath -CsvPath (Join-Path $OutputPath 'results.csv') -MarkdownPath (Join-Path $OutputPath 'summary.md')
    }
    Invoke-DistillSweep $sweep -Engine Slurm
    return
}
Invoke-DistillSweep $sweep -ThrottleLimit $ThrottleLimit | Out-Null
Receive-DistillSweep $OutputPath -CsvPath (Join-Path $OutputPath 'results.csv') -MarkdownPath (Join-Path $OutputPath 'summary.md')
