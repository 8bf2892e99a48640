using DistillDsl.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Devices;

public class TorchInitialisationTests
{
    [Fact]
    public void Torch_initialises_and_runs_a_convolution_on_the_cpu()
    {
        // Fails with TypeInitializationException when the native shim cannot load (see build/TorchSharpOnDebian12.targets).
        using var conv = nn.Conv2d(1, 1, 3, bias: false);
        using (no_grad())
        {
            conv.weight!.copy_(ones(1, 1, 3, 3));
        }
        using Tensor input = arange(16, dtype: float32).reshape(1, 1, 4, 4);
        using Tensor output = conv.forward(input);

        // Each output is the sum of a 3×3 window of 0..15 laid out row-major: top-left window = 0+1+2+4+5+6+8+9+10 = 45.
        Assert.Equal(new long[] { 1, 1, 2, 2 }, output.shape);
        Assert.Equal(new float[] { 45, 54, 81, 90 }, output.data<float>().ToArray());
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    [InlineData(null)]
    public void Cpu_names_resolve_to_the_cpu(string? name)
    {
        Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve(name).type);
    }

    [Theory]
    [InlineData("gpu", "expected 'cpu', 'cuda' or 'cuda:N'")]
    [InlineData("cuda:x", "expected 'cpu', 'cuda' or 'cuda:N'")]
    [InlineData("cpu:1", "takes no index")]
    public void Malformed_device_names_are_rejected_with_the_reason(string name, string reason)
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => DeviceSelector.Resolve(name));
        Assert.Contains(name, error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Asking_for_cuda_without_a_gpu_is_a_clear_error_not_a_crash()
    {
        if (cuda.is_available())
        {
            // On a GPU machine the same call must succeed instead.
            Assert.Equal(DeviceType.CUDA, DeviceSelector.Resolve("cuda").type);
            return;
        }
        var error = Assert.Throws<DeviceUnavailableException>(() => DeviceSelector.Resolve("cuda:0"));
        Assert.Contains("CUDA is not available", error.Message);
        Assert.Contains("-Device cpu", error.Message);
    }
}
