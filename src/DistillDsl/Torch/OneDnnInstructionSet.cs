using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace DistillDsl.Torch;

/// <summary>Keeps LibTorch's oneDNN off its AVX-512 kernels on AMD processors, before any convolution runs.</summary>
/// <remarks>On an AMD EPYC with AVX-512 (family 26), LibTorch 2.10's oneDNN convolutions gave wrong values: 3×3 stride-2
/// convolutions of a batch of 2–3 small maps with one thread (24 → 40 channels at 16×16) off by 0.3–0.4 of the largest
/// value, 1×1 channels-last ones by 0.4–0.7, and NaN in an EfficientNet's features, in NCHW as in channels-last. With
/// <c>ONEDNN_MAX_CPU_ISA=AVX2</c> every one of them was right. So on AMD processors with AVX-512 the library sets that
/// variable in the process's native environment when the assembly loads, unless the user has set it (or its older name
/// <c>DNNL_MAX_CPU_ISA</c>); Intel processors keep oneDNN's own choice.</remarks>
public static class OneDnnInstructionSet
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>What the library set, or null when it left oneDNN's choice alone.</summary>
    public static string? Applied { get; private set; }

#pragma warning disable CA2255 // it must run before the first LibTorch convolution of any caller
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void LimitOnAmdWithAvx512()
    {
        if (!X86Base.IsSupported || !Avx512F.IsSupported || !IsAmd()) return;
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA") is not null) return;
        const string value = "AVX2";
        Environment.SetEnvironmentVariable(Variable, value);
        // .NET keeps its own copy of the environment on Unix: LibTorch reads the C library's.
        if (!OperatingSystem.IsWindows()) _ = SetNative(Variable, value, 1);
        Applied = value;
    }

    private static bool IsAmd()
    {
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        var vendor = new byte[12];
        BitConverter.TryWriteBytes(vendor.AsSpan(0, 4), ebx);
        BitConverter.TryWriteBytes(vendor.AsSpan(4, 4), edx);
        BitConverter.TryWriteBytes(vendor.AsSpan(8, 4), ecx);
        return Encoding.ASCII.GetString(vendor) == "AuthenticAMD";
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetNative(string name, string value, int overwrite);
}
