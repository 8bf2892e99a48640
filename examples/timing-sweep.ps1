#Requires -Version 7.6
<#
.SYNOPSIS
    Times STPM, Reduced Student (paper and code) and MixedTeacher (paper and code) over batch sizes, and plots latency
    against batch size.

.DESCRIPTION
    Runs Measure-DistillInference once over the five configs, writes every point to timing-sweep.csv and the plot to
    latency-vs-batch-size.png in -OutputPath, prints the table, and prints the ratios the paper's claims are about, per
    batch size, from the median latency per batch:
        RS/STPM  reduced_student_paper / stpm and reduced_student_code / stpm  (below 1: the Reduced Student is faster)
        MT/RS    mixed_teacher_paper / reduced_student_paper and mixed_teacher_code / reduced_student_code
    MixedTeacher needs EfficientNet-b0's ImageNet weights. Where they are missing, the whole sweep runs with random
    teacher weights (-RandomTeacherWeights) instead: latency does not depend on the weights' values, and timing every
    config the same way keeps the ratios fair. The TeacherWeights column says which weights were used.

.EXAMPLE
    ./examples/timing-sweep.ps1
    The default sweep: batch sizes 1, 8, 16 at 256 px, 3 warm-up and 20 timed runs per point, on the CPU.

.EXAMPLE
    ./examples/timing-sweep.ps1 -BatchSize 1, 4 -Threads 1 -OutputPath ./out/timing-1-thread
#>
[CmdletBinding()]
param(
    [int[]] $BatchSize = @(1, 8, 16),
    [int] $ImageSize = 256,
    [int] $Warmup = 3,
    [int] $Iterations = 20,
    [string] $Device = 'cpu',
    # Torch thread count; the current one when omitted.
    [int] $Threads,
    [string] $OutputPath = './out/timing-sweep',
    # Output an object with the points and the ratios, besides printing them.
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module DistillDsl)) {
    Import-Module (Join-Path $PSScriptRoot '../out/module/Release/DistillDsl/DistillDsl.psd1')
}

$stpm = 'stpm'
$reducedStudents = @('reduced_student_paper', 'reduced_student_code')
$mixedTeachers = @('mixed_teacher_paper', 'mixed_teacher_code')
$configs = @($stpm) + $reducedStudents + $mixedTeachers
$sweep = @{ BatchSize = $BatchSize; ImageSize = $ImageSize; Warmup = $Warmup; Iterations = $Iterations; Device = $Device }
if ($PSBoundParameters.ContainsKey('Threads')) { $sweep.Threads = $Threads }

# Can MixedTeacher be built with its real weights here? One tiny, untimed-for-real build tells.
Measure-DistillInference -Config $mixedTeachers[0] -ImageSize 64 -BatchSize 1 -Warmup 0 -Iterations 1 `
    -ErrorAction SilentlyContinue -ErrorVariable missingWeights | Out-Null
$unexpected = @($missingWeights | Where-Object FullyQualifiedErrorId -notlike 'DistillDsl.WeightsUnavailable*')
if ($unexpected.Count -gt 0) { throw $unexpected[0] }
$randomWeights = $missingWeights.Count -gt 0
if ($randomWeights) {
    Write-Warning ("EfficientNet-b0's ImageNet weights are not on this machine: every config is timed with random teacher " +
        'weights (latency does not depend on the weights).')
}

New-Item -ItemType Directory -Force $OutputPath | Out-Null
$csvPath = Join-Path $OutputPath 'timing-sweep.csv'
$plotPath = Join-Path $OutputPath 'latency-vs-batch-size.png'
$points = Measure-DistillInference -Config $configs @sweep -RandomTeacherWeights:$randomWeights -PlotPath $plotPath
$points | Export-Csv $csvPath -NoTypeInformation

# Ratios of median latency per batch, one row per batch size.
function Get-LatencyRatio([string] $numerator, [string] $denominator, [int] $batch) {
    $top = $points | Where-Object { $_.Config -eq $numerator -and $_.BatchSize -eq $batch }
    $bottom = $points | Where-Object { $_.Config -eq $denominator -and $_.BatchSize -eq $batch }
    [math]::Round($top.P50Ms / $bottom.P50Ms, 3)
}
$ratios = foreach ($batch in $BatchSize) {
    [pscustomobject]@{
        BatchSize           = $batch
        'RSpaper/STPM'      = Get-LatencyRatio $reducedStudents[0] $stpm $batch
        'RScode/STPM'       = Get-LatencyRatio $reducedStudents[1] $stpm $batch
        'MTpaper/RSpaper'   = Get-LatencyRatio $mixedTeachers[0] $reducedStudents[0] $batch
        'MTcode/RScode'     = Get-LatencyRatio $mixedTeachers[1] $reducedStudents[1] $batch
    }
}

$points | Format-Table | Out-Host
Write-Host 'Latency ratios (median ms per batch; below 1 = the first config is faster):'
$ratios | Format-Table | Out-Host
Write-Host "Points: $csvPath"
Write-Host "Plot:   $plotPath"

if ($PassThru) {
    [pscustomobject]@{ Points = $points; Ratios = $ratios; CsvPath = $csvPath; PlotPath = $plotPath; RandomTeacherWeights = $randomWeights }
}
