using System.Runtime.CompilerServices;
using DistillDsl.Torch;

namespace DistillDsl.Tests;

/// <summary>Loads the library before any test runs a LibTorch operation: its module initializer chooses oneDNN's
/// instruction set (<see cref="OneDnnInstructionSet"/>), which oneDNN reads once, at its first use.</summary>
internal static class TorchSetup
{
#pragma warning disable CA2255 // a test assembly's one-time set-up
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void LoadLibraryFirst() => _ = OneDnnInstructionSet.Applied;
}
