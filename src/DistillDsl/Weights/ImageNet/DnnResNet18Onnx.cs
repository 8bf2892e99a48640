using System.Runtime.InteropServices;
using DistillDsl.Backbones.ResNet;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Weights.ImageNet;

/// <summary>Reads the two ONNX files of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK 2.6 export, opset 8):
/// <c>ResNet18.onnx</c>, the network, and <c>ResNetPreprocess.onnx</c>, its input preparation.</summary>
internal static class DnnResNet18Onnx
{
    /// <summary>Copies the 22 Conv weights and BatchNormalization scale, bias, mean and variance of <c>ResNet18.onnx</c> into
    /// <paramref name="model"/>, which must have the CNTK layout (<see cref="ResNet18Options.Cntk"/>).
    /// The file has no parameter names, so parameters are matched by node order: stem; stage 1 block 1 conv1, conv2,
    /// block 2 conv1, conv2; stages 2–4 the 1×1 projection shortcut first, then the blocks' conv1, conv2 in turn.
    /// Each Conv feeds its own BatchNormalization. Every shape is checked against the model, and every window's pads against the model's padding.</summary>
    /// <exception cref="InvalidDataException">The file is not that model; the message names the file and the reason.</exception>
    public static void LoadWeights(ResNet18 model, string path)
    {
        GraphProto graph = ReadGraph(path);
        var initialisers = graph.Initializer.ToDictionary(tensor => tensor.Name);
        var targets = ConvBatchNormPairsInFileOrder(model.Options.Layer4Blocks).ToList();
        var convIndices = Enumerable.Range(0, graph.Node.Count).Where(i => graph.Node[i].OpType == "Conv").ToList();
        if (convIndices.Count != targets.Count)
        {
            throw Invalid(path, $"it has {convIndices.Count} Conv nodes where a ResNet-18 with {model.Options.Layer4Blocks} blocks in stage 4 has {targets.Count}");
        }
        NodeProto maxPool = graph.Node.FirstOrDefault(node => node.OpType == "MaxPool") ?? throw Invalid(path, "it has no MaxPool node");
        CheckWindow(path, maxPool);

        var state = model.state_dict();
        using var noGrad = no_grad();
        for (int k = 0; k < targets.Count; k++)
        {
            var (conv, batchNorm) = targets[k];
            int at = convIndices[k];
            NodeProto convNode = graph.Node[at];
            NodeProto? normNode = at + 1 < graph.Node.Count ? graph.Node[at + 1] : null;
            if (normNode is null || normNode.OpType != "BatchNormalization" || normNode.Input[0] != convNode.Output[0])
            {
                throw Invalid(path, $"Conv node '{convNode.Output[0]}' is not followed by its BatchNormalization");
            }
            float epsilon = normNode.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            if (Math.Abs(epsilon - 1e-5f) > 1e-9f) throw Invalid(path, $"BatchNormalization '{normNode.Output[0]}' has epsilon {epsilon}, not 1e-5 as the model's");
            CheckWindow(path, convNode);

            Copy(path, initialisers, convNode.Input[1], state[$"{conv}.weight"]);
            Copy(path, initialisers, normNode.Input[1], state[$"{batchNorm}.weight"]);
            Copy(path, initialisers, normNode.Input[2], state[$"{batchNorm}.bias"]);
            Copy(path, initialisers, normNode.Input[3], state[$"{batchNorm}.running_mean"]);
            Copy(path, initialisers, normNode.Input[4], state[$"{batchNorm}.running_var"]);
        }
    }

    /// <summary>The per-channel means, in BGR order, of the mean image that <c>ResNetPreprocess.onnx</c> subtracts.</summary>
    /// <exception cref="InvalidDataException">The file is not that preprocessing graph; the message names the file and the reason.</exception>
    public static float[] ReadBgrMeans(string path)
    {
        GraphProto graph = ReadGraph(path);
        // Split(RGB input, axis 1) → R, G, B; Concat(B, G, R); Sub(BGR, mean image): the mean image is in BGR order.
        var nodes = graph.Node;
        if (nodes.Count != 3 || nodes[0].OpType != "Split" || nodes[1].OpType != "Concat" || nodes[2].OpType != "Sub"
            || !nodes[1].Input.SequenceEqual(nodes[0].Output.Reverse()) || nodes[2].Input[0] != nodes[1].Output[0])
        {
            throw Invalid(path, "its graph is not Split(RGB) → Concat(B, G, R) → Sub(mean image)");
        }
        TensorProto? meanImage = graph.Initializer.FirstOrDefault(tensor => tensor.Name == nodes[2].Input[1]);
        if (meanImage is null || meanImage.Dims.Count != 4 || meanImage.Dims[0] != 1 || meanImage.Dims[1] != 3)
        {
            throw Invalid(path, "it has no 1×3×H×W mean image");
        }

        float[] values = Floats(path, meanImage);
        int plane = values.Length / 3;
        var means = new float[3];
        for (int channel = 0; channel < 3; channel++)
        {
            double sum = 0;
            foreach (float value in values.AsSpan(channel * plane, plane)) sum += value;
            means[channel] = (float)(sum / plane);
        }
        return means;
    }

    private static IEnumerable<(string Conv, string BatchNorm)> ConvBatchNormPairsInFileOrder(int layer4Blocks)
    {
        yield return ("conv1", "bn1");
        for (int stage = 1; stage <= 4; stage++)
        {
            if (stage > 1) yield return ($"layer{stage}.0.downsample.0", $"layer{stage}.0.downsample.1");
            int blocks = stage == 4 ? layer4Blocks : 2;
            for (int block = 0; block < blocks; block++)
            {
                yield return ($"layer{stage}.{block}.conv1", $"layer{stage}.{block}.bn1");
                yield return ($"layer{stage}.{block}.conv2", $"layer{stage}.{block}.bn2");
            }
        }
    }

    /// <summary>Checks that the node's window computes what the model's torchvision padding (k/2 on every side) computes.
    /// CNTK wrote the pads its automatic padding chose for the 224×224 input: k/2 at the top and left, and at the bottom and
    /// right of a stride-2 window one row less, a row that no window reaches on this model's even sizes (224, 112, 56, 28, 14).</summary>
    private static void CheckWindow(string path, NodeProto node)
    {
        long[] Ints(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? Array.Empty<long>();
        long[] kernel = Ints("kernel_shape"), strides = Ints("strides"), pads = Ints("pads");
        if (kernel.Length != 2 || strides.Length != 2 || pads.Length != 4 || kernel[0] != kernel[1] || strides[0] != strides[1])
        {
            throw Invalid(path, $"{node.OpType} node '{node.Output[0]}' does not have a square window with explicit pads");
        }
        long half = kernel[0] / 2, stride = strides[0];
        long end = pads[2];
        bool sameAsSymmetric = pads[0] == half && pads[1] == half && pads[3] == end && end <= half && end >= Math.Max(0, half - (stride - 1));
        if (!sameAsSymmetric)
        {
            throw Invalid(path, $"{node.OpType} node '{node.Output[0]}' pads its {kernel[0]}×{kernel[0]}/{stride} window [{string.Join(", ", pads)}], " +
                $"which does not compute what the model's padding of {half} on every side computes");
        }
    }

    private static void Copy(string path, Dictionary<string, TensorProto> initialisers, string name, Tensor target)
    {
        if (!initialisers.TryGetValue(name, out TensorProto? source)) throw Invalid(path, $"initialiser '{name}' is missing");
        if (!source.Dims.SequenceEqual(target.shape))
        {
            throw Invalid(path, $"initialiser '{name}' has shape [{string.Join(", ", source.Dims)}] where the model needs [{string.Join(", ", target.shape)}]");
        }
        using Tensor values = tensor(Floats(path, source), target.shape);
        target.copy_(values);
    }

    private static float[] Floats(string path, TensorProto source)
    {
        if (source.DataType != (int)TensorProto.Types.DataType.Float) throw Invalid(path, $"initialiser '{source.Name}' is not float32");
        long count = source.Dims.Aggregate(1L, (product, size) => product * size);
        // CNTK writes float_data; other exporters write raw little-endian bytes.
        float[] values = source.FloatData.Count > 0 ? source.FloatData.ToArray() : MemoryMarshal.Cast<byte, float>(source.RawData.Span).ToArray();
        if (values.Length != count) throw Invalid(path, $"initialiser '{source.Name}' has {values.Length} values for its {count} elements");
        return values;
    }

    private static GraphProto ReadGraph(string path)
    {
        ModelProto model;
        try
        {
            using FileStream stream = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Invalid(path, $"it is not a readable ONNX model ({e.Message})");
        }
        if (model.Graph is null || model.Graph.Node.Count == 0) throw Invalid(path, "it holds no graph");
        return model.Graph;
    }

    private static InvalidDataException Invalid(string path, string reason) => new($"The ONNX file '{path}' cannot be used: {reason}.");
}
