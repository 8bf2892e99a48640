using DistillDsl.Backbones.EfficientNet;
using DistillDsl.Backbones.ResNet;
using DistillDsl.Methods.ReverseDistillation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Export;

/// <summary>Writes the inference-mode computation of the modules that teachers and students are made of, one method per
/// module type, each reproducing that type's <c>forward</c>: sequences, convolutions (with the batch norm that follows folded
/// in), ReLU, max pooling, ResNet's BasicBlock, and EfficientNet's Conv-BN-SiLU, MBConv block and squeeze-excitation.
/// A module of any other type is a <see cref="NotSupportedException"/> naming it and its path.</summary>
/// <remarks>Training-only parts vanish: batch norms use their running statistics, stochastic depth and dropout are the identity.</remarks>
internal sealed class ModuleExporter(OnnxGraphWriter onnx)
{
    public OnnxValue Export(nn.Module module, OnnxValue x, string path) => module switch
    {
        Sequential sequence => Sequence(sequence, x, path),
        Conv2d conv => Convolution(conv, null, x, path),
        ConvTranspose2d conv => TransposedConvolution(conv, null, x, path),
        UpsamplingBlock block => Upsampling(block, x, path),
        ReLU => onnx.Relu(x, path),
        MaxPool2d pool => MaxPool(pool, x, path),
        BasicBlock block => ResidualBlock(block, x, path),
        MBConvBlock block => MBConv(block, x, path),
        ConvNormActivation layer => ConvBatchNorm(layer, x, path),
        SqueezeExcitation se => SqueezeAndExcite(se, x, path),
        BatchNorm2d => throw new NotSupportedException(
            $"ONNX export: batch norm '{path}' does not follow a convolution, so it cannot be folded into one; only conv → batch norm pairs are exported."),
        _ => throw Unsupported(module, path),
    };

    public static NotSupportedException Unsupported(nn.Module module, string path) => new(
        $"ONNX export does not support the module '{path}' of type {module.GetType().Name}. Supported: Sequential, Conv2d and ConvTranspose2d " +
        "(+ BatchNorm2d), ReLU, MaxPool2d, ResNet-18 (BasicBlock), EfficientNet-b0 (Conv-BN-SiLU, MBConv, squeeze-excitation), Reverse " +
        "Distillation's upsampling block.");

    /// <summary>The children in order; a convolution directly followed by a batch norm becomes one folded convolution.</summary>
    private OnnxValue Sequence(Sequential sequence, OnnxValue x, string path)
    {
        var children = sequence.named_children().ToList();
        for (int i = 0; i < children.Count; i++)
        {
            var (name, child) = children[i];
            string childPath = $"{path}.{name}";
            if (child is Conv2d conv && i + 1 < children.Count && children[i + 1].module is BatchNorm2d norm)
            {
                x = Convolution(conv, norm, x, childPath);
                i++;
            }
            else if (child is ConvTranspose2d transposed && i + 1 < children.Count && children[i + 1].module is BatchNorm2d after)
            {
                x = TransposedConvolution(transposed, after, x, childPath);
                i++;
            }
            else
            {
                x = Export(child, x, childPath);
            }
        }
        return x;
    }

    /// <summary>A convolution with zero padding, with <paramref name="norm"/> folded in (<see cref="BatchNormFolding"/>).</summary>
    public OnnxValue Convolution(Conv2d conv, BatchNorm2d? norm, OnnxValue x, string path)
    {
        if (conv.padding_mode != PaddingModes.Zeros)
        {
            throw new NotSupportedException($"ONNX export: convolution '{path}' pads with {conv.padding_mode}; only zero padding is exported.");
        }
        if (conv.padding is not { Length: 2 } padding)
        {
            throw new NotSupportedException($"ONNX export: convolution '{path}' uses padding '{conv.padding_type}'; only explicit padding is exported.");
        }
        if (x.Channels != conv.in_channels)
        {
            throw new InvalidOperationException($"ONNX export: convolution '{path}' takes {conv.in_channels} channels but gets {x}.");
        }
        var (weight, bias) = BatchNormFolding.Fold(conv, norm, path);
        long[] kernel = conv.kernel_size;
        string weightName = onnx.FloatConstant(path + ".weight", weight, [conv.out_channels, conv.in_channels / conv.groups, kernel[0], kernel[1]]);
        string biasName = onnx.FloatConstant(path + ".bias", bias, conv.out_channels);
        return onnx.Conv(x, weightName, biasName, kernel, conv.out_channels, conv.stride, padding, conv.dilation, conv.groups, path);
    }

    /// <summary>A transposed convolution with zero padding, with <paramref name="norm"/> folded in.</summary>
    public OnnxValue TransposedConvolution(ConvTranspose2d conv, BatchNorm2d? norm, OnnxValue x, string path)
    {
        if (conv.padding_mode != PaddingModes.Zeros || conv.padding is not { Length: 2 } padding)
        {
            throw new NotSupportedException($"ONNX export: transposed convolution '{path}' pads with {conv.padding_mode} ('{conv.padding_type}'); only explicit zero padding is exported.");
        }
        if (x.Channels != conv.in_channels)
        {
            throw new InvalidOperationException($"ONNX export: transposed convolution '{path}' takes {conv.in_channels} channels but gets {x}.");
        }
        var (weight, bias) = BatchNormFolding.Fold(conv, norm, path);
        long[] kernel = conv.kernel_size;
        string weightName = onnx.FloatConstant(path + ".weight", weight, [conv.in_channels, conv.out_channels / conv.groups, kernel[0], kernel[1]]);
        string biasName = onnx.FloatConstant(path + ".bias", bias, conv.out_channels);
        return onnx.ConvTranspose(x, weightName, biasName, kernel, conv.out_channels, conv.stride, padding, Pair(conv.output_padding), conv.dilation, conv.groups, path);
    }

    /// <summary>relu(bn2(conv2(relu(bn1(tconv1(x))))) + bn(tconv(x))): Reverse Distillation's upsampling block.</summary>
    private OnnxValue Upsampling(UpsamplingBlock block, OnnxValue x, string path)
    {
        OnnxValue shortcut = Sequence(Child<Sequential>(block, "upsample", path), x, path + ".upsample");
        OnnxValue y = TransposedConvolution(Child<ConvTranspose2d>(block, "conv1", path), Child<BatchNorm2d>(block, "bn1", path), x, path + ".conv1");
        y = onnx.Relu(y, path + ".relu1");
        y = Convolution(Child<Conv2d>(block, "conv2", path), Child<BatchNorm2d>(block, "bn2", path), y, path + ".conv2");
        return onnx.Relu(onnx.Add(y, shortcut, path + ".add"), path + ".relu2");
    }

    private OnnxValue MaxPool(MaxPool2d pool, OnnxValue x, string path)
    {
        if (pool.ceil_mode) throw new NotSupportedException($"ONNX export: max pool '{path}' uses ceil mode; only floor mode is exported.");
        return onnx.MaxPool(x, Pair(pool.kernel_size), Pair(pool.stride ?? pool.kernel_size), Pair(pool.padding ?? [0]), Pair(pool.dilation ?? [1]), path);
    }

    /// <summary>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)); the shortcut is <c>downsample</c> (conv + bn) when present.</summary>
    private OnnxValue ResidualBlock(BasicBlock block, OnnxValue x, string path)
    {
        OnnxValue shortcut = TryChild(block, "downsample") is Sequential downsample ? Sequence(downsample, x, path + ".downsample") : x;
        OnnxValue y = Convolution(Child<Conv2d>(block, "conv1", path), Child<BatchNorm2d>(block, "bn1", path), x, path + ".conv1");
        y = onnx.Relu(y, path + ".relu1");
        y = Convolution(Child<Conv2d>(block, "conv2", path), Child<BatchNorm2d>(block, "bn2", path), y, path + ".conv2");
        return onnx.Relu(onnx.Add(y, shortcut, path + ".add"), path + ".relu2");
    }

    /// <summary>Convolution (children "0") with its batch norm ("1") folded, then SiLU when the layer has one.</summary>
    private OnnxValue ConvBatchNorm(ConvNormActivation layer, OnnxValue x, string path)
    {
        OnnxValue y = Convolution(Child<Conv2d>(layer, "0", path), Child<BatchNorm2d>(layer, "1", path), x, path);
        return layer.AppliesSiLU ? onnx.SiLU(y, path + ".silu") : y;
    }

    /// <summary>torchvision's MBConv: [1×1 expansion], k×k depthwise, squeeze-excitation, 1×1 projection (linear), plus the
    /// input when the block keeps the shape (stride 1, same width).</summary>
    private OnnxValue MBConv(MBConvBlock block, OnnxValue x, string path)
    {
        var layers = Child<Sequential>(block, "block", path).named_children().ToList();
        if (layers.Count is not (3 or 4) || layers[^1].module is not ConvNormActivation || layers[^2].module is not SqueezeExcitation)
        {
            throw new NotSupportedException($"ONNX export: MBConv block '{path}' is not [expansion,] depthwise, squeeze-excitation, projection.");
        }
        OnnxValue y = x;
        for (int i = 0; i < layers.Count; i++)
        {
            var (name, layer) = layers[i];
            string layerPath = $"{path}.block.{name}";
            y = layer switch
            {
                ConvNormActivation conv => ConvBatchNorm(conv, y, layerPath),
                SqueezeExcitation se => SqueezeAndExcite(se, y, layerPath),
                _ => throw Unsupported(layer, layerPath),
            };
        }
        return block.UsesResidual ? onnx.Add(y, x, path + ".add") : y;
    }

    /// <summary>x · sigmoid(fc2(silu(fc1(global average pool(x))))).</summary>
    private OnnxValue SqueezeAndExcite(SqueezeExcitation se, OnnxValue x, string path)
    {
        OnnxValue squeezed = onnx.GlobalAveragePool(x, path + ".pool");
        OnnxValue hidden = onnx.SiLU(Convolution(Child<Conv2d>(se, "fc1", path), null, squeezed, path + ".fc1"), path + ".silu");
        OnnxValue scale = onnx.Sigmoid(Convolution(Child<Conv2d>(se, "fc2", path), null, hidden, path + ".fc2"), path + ".sigmoid");
        return onnx.Mul(x, scale, path + ".scale");
    }

    public static T Child<T>(nn.Module parent, string name, string path) where T : nn.Module =>
        TryChild(parent, name) as T
        ?? throw new InvalidOperationException($"ONNX export: module '{path}' ({parent.GetType().Name}) has no {typeof(T).Name} child '{name}'.");

    private static nn.Module? TryChild(nn.Module parent, string name) => parent.named_children().FirstOrDefault(c => c.name == name).module;

    private static long[] Pair(long[] values) => values.Length switch
    {
        1 => [values[0], values[0]],
        2 => values,
        _ => throw new ArgumentException($"A 2-D window needs 1 or 2 values, not {values.Length}."),
    };
}
