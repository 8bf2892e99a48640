using DistillDsl.Data;
using DistillDsl.Devices;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using static TorchSharp.torch;

namespace DistillDsl.Evaluation;

/// <summary>What evaluation and inference need to feed a graph: its input preprocessing, and the device check.</summary>
internal static class GraphInput
{
    /// <summary>RGB in [0, 1] at the graph's square input size; a non-square input is refused with a clear message.</summary>
    public static ImagePreprocessing Preprocessing(DistillGraph graph)
    {
        InputSpec input = graph.Spec.Input;
        if (input.Height != input.Width)
        {
            throw new ArgumentException(
                $"Graph '{graph.Spec.Name}' takes {input.Width}×{input.Height} images; evaluation and inference resize to square inputs only.");
        }
        return ImagePreprocessing.Rgb(input.Height);
    }

    /// <summary>Evaluation and inference run where the graph lives; another device is an error naming both. Null asks for nothing.</summary>
    public static void CheckDevice(DistillGraph graph, string? device)
    {
        if (device is null) return;
        Device wanted = DeviceSelector.Resolve(device);
        if (wanted.type != graph.Device.type || wanted.index != graph.Device.index)
        {
            throw new ArgumentException(
                $"Device '{device}' was asked for, but graph '{graph.Spec.Name}' was built on {graph.Device}; build it there (GraphBuildOptions.Device) or ask for {graph.Device}.");
        }
    }
}
