using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace DistillDsl.Export;

/// <summary>Appends ONNX nodes and initialisers to one graph and tracks the shape of every float value it makes, so the
/// exporters can check sizes and compute constants (e.g. a tap's area) without running the model. One method per ONNX
/// operator the exporters use; attributes follow the operator's definition at <see cref="Opset"/>.</summary>
internal sealed class OnnxGraphWriter
{
    /// <summary>The ONNX operator set of the written models: 18 is the first with Resize's <c>antialias</c> and with the
    /// axes of every Reduce operator as an input.</summary>
    public const int Opset = 18;

    /// <summary>The dynamic batch dimension in <see cref="OnnxValue.Shape"/>.</summary>
    public const long Batch = -1;

    private readonly Dictionary<string, int> usedNames = new(StringComparer.Ordinal);

    public GraphProto Graph { get; } = new() { Name = "distill" };

    // ---------------------------------------------------------------- constants

    public string FloatConstant(string hint, ReadOnlySpan<float> values, params long[] dims) =>
        Initializer(hint, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values), dims);

    public string FloatScalar(string hint, float value) => FloatConstant(hint, [value]);

    public string LongConstant(string hint, ReadOnlySpan<long> values) =>
        Initializer(hint, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(values), values.Length);

    private string Initializer(string hint, TensorProto.Types.DataType type, ReadOnlySpan<byte> littleEndianBytes, params long[] dims)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; this machine is not.");
        var tensor = new TensorProto { Name = UniqueName(hint), DataType = (int)type, RawData = ByteString.CopyFrom(littleEndianBytes) };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    // ---------------------------------------------------------------- graph inputs and outputs

    public void AddInput(string name, TensorProto.Types.DataType type, params object[] dims) => Graph.Input.Add(ValueInfo(name, type, dims));

    public void AddOutput(string name, TensorProto.Types.DataType type, params object[] dims) => Graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>Dimensions are numbers (fixed) or strings (named, dynamic).</summary>
    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                long value => new TensorShapeProto.Types.Dimension { DimValue = value },
                int value => new TensorShapeProto.Types.Dimension { DimValue = value },
                _ => throw new ArgumentException($"A dimension is a number or a name, not {dim.GetType().Name}.", nameof(dims)),
            });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    /// <summary>Gives a value a fixed name (a graph output) by an Identity node.</summary>
    public void Rename(OnnxValue value, string name) => Node("Identity", [value.Name], [name], name);

    // ---------------------------------------------------------------- operators

    public OnnxValue Conv(OnnxValue x, string weight, string? bias, long[] kernel, long outChannels, long[] stride, long[] padding, long[] dilation,
                          long groups, string hint)
    {
        string output = Node("Conv", bias is null ? [x.Name, weight] : [x.Name, weight, bias], hint,
            Ints("kernel_shape", kernel), Ints("strides", stride), Ints("pads", [padding[0], padding[1], padding[0], padding[1]]),
            Ints("dilations", dilation), Int("group", groups));
        return new(output, [x.Shape[0], outChannels, WindowOutput(x.Height, kernel[0], stride[0], padding[0], dilation[0]),
                            WindowOutput(x.Width, kernel[1], stride[1], padding[1], dilation[1])]);
    }

    /// <summary>A transposed convolution (PyTorch's <c>conv_transpose2d</c>): weight [in, out / groups, kh, kw]; each side n becomes
    /// (n − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1.</summary>
    public OnnxValue ConvTranspose(OnnxValue x, string weight, string? bias, long[] kernel, long outChannels, long[] stride, long[] padding,
                                   long[] outputPadding, long[] dilation, long groups, string hint)
    {
        string output = Node("ConvTranspose", bias is null ? [x.Name, weight] : [x.Name, weight, bias], hint,
            Ints("kernel_shape", kernel), Ints("strides", stride), Ints("pads", [padding[0], padding[1], padding[0], padding[1]]),
            Ints("output_padding", outputPadding), Ints("dilations", dilation), Int("group", groups));
        long Side(long n, int axis) => n == Batch ? Batch : (n - 1) * stride[axis] - 2 * padding[axis] + dilation[axis] * (kernel[axis] - 1) + outputPadding[axis] + 1;
        return new(output, [x.Shape[0], outChannels, Side(x.Height, 0), Side(x.Width, 1)]);
    }

    /// <summary>Values of the same batch and spatial size concatenated along the channels.</summary>
    public OnnxValue ConcatChannels(IReadOnlyList<OnnxValue> values, string hint)
    {
        if (values.Count == 0) throw new ArgumentException("Nothing to concatenate.", nameof(values));
        foreach (OnnxValue value in values)
        {
            if (value.Height != values[0].Height || value.Width != values[0].Width)
            {
                throw new InvalidOperationException($"{hint}: {value} and {values[0]} differ in size and cannot be concatenated along the channels.");
            }
        }
        string output = Node("Concat", values.Select(v => v.Name).ToArray(), hint, Int("axis", 1));
        return new(output, [values[0].Shape[0], values.Sum(v => v.Channels), values[0].Height, values[0].Width]);
    }

    /// <summary>Max pooling; the pads are ignored by the maximum, like PyTorch's implicit −∞ padding.</summary>
    public OnnxValue MaxPool(OnnxValue x, long[] kernel, long[] stride, long[] padding, long[] dilation, string hint)
    {
        string output = Node("MaxPool", [x.Name], hint, Ints("kernel_shape", kernel), Ints("strides", stride),
            Ints("pads", [padding[0], padding[1], padding[0], padding[1]]), Ints("dilations", dilation));
        return new(output, [x.Shape[0], x.Channels, WindowOutput(x.Height, kernel[0], stride[0], padding[0], dilation[0]),
                            WindowOutput(x.Width, kernel[1], stride[1], padding[1], dilation[1])]);
    }

    /// <summary>Average pooling; with <paramref name="padding"/>, windows average only the values they cover
    /// (count_include_pad 0, ONNX's default, as PyTorch's count_include_pad=False).</summary>
    public OnnxValue AveragePool(OnnxValue x, long[] kernel, long[] stride, string hint, long padding = 0)
    {
        string output = padding == 0
            ? Node("AveragePool", [x.Name], hint, Ints("kernel_shape", kernel), Ints("strides", stride))
            : Node("AveragePool", [x.Name], hint, Ints("kernel_shape", kernel), Ints("strides", stride), Ints("pads", [padding, padding, padding, padding]));
        return new(output, [x.Shape[0], x.Channels, WindowOutput(x.Height, kernel[0], stride[0], padding, 1), WindowOutput(x.Width, kernel[1], stride[1], padding, 1)]);
    }

    public OnnxValue GlobalAveragePool(OnnxValue x, string hint) => new(Node("GlobalAveragePool", [x.Name], hint), [x.Shape[0], x.Channels, 1, 1]);

    public OnnxValue Relu(OnnxValue x, string hint) => Unary("Relu", x, hint);

    public OnnxValue Sigmoid(OnnxValue x, string hint) => Unary("Sigmoid", x, hint);

    /// <summary>x · sigmoid(x) (ONNX 18 has no SiLU operator).</summary>
    public OnnxValue SiLU(OnnxValue x, string hint) => Mul(x, Sigmoid(x, hint), hint);

    public OnnxValue Add(OnnxValue a, OnnxValue b, string hint) => Binary("Add", a, b, hint);

    public OnnxValue Sub(OnnxValue a, OnnxValue b, string hint) => Binary("Sub", a, b, hint);

    public OnnxValue Mul(OnnxValue a, OnnxValue b, string hint) => Binary("Mul", a, b, hint);

    public OnnxValue Div(OnnxValue a, OnnxValue b, string hint) => Binary("Div", a, b, hint);

    /// <summary>Element-wise maximum with a scalar (e.g. a norm floored at ε).</summary>
    public OnnxValue Max(OnnxValue a, float scalar, string hint) => Binary("Max", a, Constant(hint + "/value", scalar), hint);

    public OnnxValue Mul(OnnxValue a, float scalar, string hint) => Mul(a, Constant(hint + "/factor", scalar), hint);

    public OnnxValue Sub(OnnxValue a, float scalar, string hint) => Sub(a, Constant(hint + "/subtrahend", scalar), hint);

    public OnnxValue Div(OnnxValue a, float scalar, string hint) => Div(a, Constant(hint + "/divisor", scalar), hint);

    /// <summary>A float constant of the given shape (default: a scalar) as a value for the binary operators.</summary>
    public OnnxValue Constant(string hint, float[] values, long[] shape) => new(FloatConstant(hint, values, shape), shape);

    private OnnxValue Constant(string hint, float scalar) => Constant(hint, [scalar], []);

    public OnnxValue Clip(OnnxValue x, float min, float max, string hint) =>
        new(Node("Clip", [x.Name, FloatScalar(hint + "/min", min), FloatScalar(hint + "/max", max)], hint), x.Shape);

    /// <summary>ReduceL2, ReduceSumSquare, ReduceMax, ReduceMin, ReduceSum or ReduceMean over <paramref name="axes"/>.</summary>
    public OnnxValue Reduce(string op, OnnxValue x, long[] axes, bool keepDims, string hint)
    {
        string output = Node(op, [x.Name, LongConstant(hint + "/axes", axes)], hint, Int("keepdims", keepDims ? 1 : 0));
        var shape = new List<long>();
        for (int i = 0; i < x.Shape.Length; i++)
        {
            if (!axes.Contains(i)) shape.Add(x.Shape[i]);
            else if (keepDims) shape.Add(1);
        }
        return new(output, [.. shape]);
    }

    /// <summary>Reshape to <paramref name="shape"/>, where <see cref="Batch"/> keeps the batch dimension (ONNX's 0).</summary>
    public OnnxValue Reshape(OnnxValue x, long[] shape, string hint)
    {
        long[] target = shape.Select(d => d == Batch ? 0 : d).ToArray();
        return new(Node("Reshape", [x.Name, LongConstant(hint + "/shape", target)], hint), shape);
    }

    /// <summary>Resizes the two spatial axes to <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <param name="linear">Bilinear with half-pixel centres (PyTorch's align_corners = false), else nearest: the source
    /// pixel floor(i × in / out) (PyTorch's legacy nearest).</param>
    /// <param name="antialias">When shrinking, widen the triangle filter by the scale factor (PyTorch's antialias = True).</param>
    public OnnxValue Resize(OnnxValue x, long height, long width, bool linear, bool antialias, string hint)
    {
        var attributes = new List<AttributeProto>
        {
            Ints("axes", [2, 3]),
            Str("mode", linear ? "linear" : "nearest"),
            Str("coordinate_transformation_mode", linear ? "half_pixel" : "asymmetric"),
            Str("nearest_mode", "floor"),
        };
        if (antialias)
        {
            attributes.Add(Int("antialias", 1));
            // Filter taps outside the image get no weight and the others are renormalised, as in PyTorch and PIL (the default
            // clamps them onto the border pixel, which differs from PyTorch near the edges when shrinking).
            attributes.Add(Int("exclude_outside", 1));
        }
        string output = Node("Resize", [x.Name, "", "", LongConstant(hint + "/sizes", [height, width])], hint, [.. attributes]);
        return new(output, [x.Shape[0], x.Channels, height, width]);
    }

    /// <summary>Pads the two spatial axes by <paramref name="radius"/> on every side; <paramref name="mode"/> is ONNX's
    /// <c>reflect</c> or <c>edge</c>.</summary>
    public OnnxValue PadSpatial(OnnxValue x, long radius, string mode, string hint)
    {
        string output = Node("Pad", [x.Name, LongConstant(hint + "/pads", [0, 0, radius, radius, 0, 0, radius, radius])], hint, Str("mode", mode));
        return new(output, [x.Shape[0], x.Channels, x.Height + 2 * radius, x.Width + 2 * radius]);
    }

    /// <summary>Removes <paramref name="cut"/> rows and columns from every side of the two spatial axes (a Slice).</summary>
    public OnnxValue CropSpatial(OnnxValue x, long cut, string hint)
    {
        string output = Node("Slice", [x.Name, LongConstant(hint + "/starts", [cut, cut]), LongConstant(hint + "/ends", [-cut, -cut]),
            LongConstant(hint + "/axes", [2, 3])], hint);
        return new(output, [x.Shape[0], x.Channels, x.Height - 2 * cut, x.Width - 2 * cut]);
    }

    /// <summary>The mean of the <paramref name="k"/> largest values along axis 1 of a [N, P] value → [N].</summary>
    public OnnxValue TopKMean(OnnxValue x, long k, string hint)
    {
        string values = UniqueName(hint + "/values");
        Graph.Node.Add(NewNode("TopK", [x.Name, LongConstant(hint + "/k", [k])], [values, UniqueName(hint + "/indices")], hint,
            Int("axis", 1), Int("largest", 1), Int("sorted", 1)));
        return Reduce("ReduceMean", new OnnxValue(values, [x.Shape[0], k]), [1], keepDims: false, hint + "/mean");
    }

    /// <summary>Picks channels (axis 1) in the given order.</summary>
    public OnnxValue GatherChannels(OnnxValue x, long[] channels, string hint)
    {
        string output = Node("Gather", [x.Name, LongConstant(hint + "/indices", channels)], hint, Int("axis", 1));
        return new(output, [x.Shape[0], channels.Length, x.Height, x.Width]);
    }

    /// <summary>[N, C, h, w] → [N, C, h, w]: at every position the row of <paramref name="rows"/> (bank size × C, row-major)
    /// nearest to the feature there, by argmin over rows of ‖r‖² − 2 q·r (q divided by max(‖q‖, ε) when
    /// <paramref name="normalized"/>), as <c>MemoryBank.Nearest</c> computes it.</summary>
    public OnnxValue NearestRows(OnnxValue x, float[] rows, long bankSize, bool normalized, float epsilon, string hint)
    {
        long channels = x.Channels;
        if (rows.Length != bankSize * channels) throw new ArgumentException($"{hint}: {rows.Length} values are not {bankSize} rows of {channels}.", nameof(rows));
        var transposed = new float[rows.Length];
        var squaredNorms = new float[bankSize];
        for (long r = 0; r < bankSize; r++)
        {
            double sum = 0;
            for (long c = 0; c < channels; c++)
            {
                float value = rows[r * channels + c];
                transposed[c * bankSize + r] = value;
                sum += (double)value * value;
            }
            squaredNorms[r] = (float)sum;
        }
        string positions = Node("Transpose", [x.Name], hint + "/to_positions", Ints("perm", [0, 2, 3, 1]));
        string queries = Node("Reshape", [positions, LongConstant(hint + "/queries_shape", [-1, channels])], hint + "/queries");
        string products = Node("MatMul", [queries, FloatConstant(hint + "/rows_t", transposed, channels, bankSize)], hint + "/products");
        if (normalized)
        {
            string norms = Node("ReduceL2", [queries, LongConstant(hint + "/norm_axes", [1])], hint + "/norms", Int("keepdims", 1));
            string floored = Node("Max", [norms, FloatScalar(hint + "/eps", epsilon)], hint + "/norms_floored");
            products = Node("Div", [products, floored], hint + "/products_normalized");
        }
        string twice = Node("Mul", [products, FloatScalar(hint + "/two", 2f)], hint + "/twice");
        string distances = Node("Sub", [FloatConstant(hint + "/row_norms", squaredNorms, bankSize), twice], hint + "/distances");
        string nearest = Node("ArgMin", [distances], hint + "/argmin", Int("axis", 1), Int("keepdims", 0));
        string gathered = Node("Gather", [FloatConstant(hint + "/rows", rows, bankSize, channels), nearest], hint + "/gather", Int("axis", 0));
        string grid = Node("Reshape", [gathered, LongConstant(hint + "/grid_shape", [-1, x.Height, x.Width, channels])], hint + "/grid");
        return new(Node("Transpose", [grid], hint, Ints("perm", [0, 3, 1, 2])), [x.Shape[0], channels, x.Height, x.Width]);
    }

    /// <summary>A node whose inputs and outputs are not float values of known shape (input casting, layout changes).</summary>
    public string Node(string op, string[] inputs, string hint, params AttributeProto[] attributes)
    {
        string output = UniqueName(hint);
        Graph.Node.Add(NewNode(op, inputs, [output], hint, attributes));
        return output;
    }

    private void Node(string op, string[] inputs, string[] outputs, string hint) => Graph.Node.Add(NewNode(op, inputs, outputs, hint));

    private OnnxValue Unary(string op, OnnxValue x, string hint) => new(Node(op, [x.Name], hint), x.Shape);

    private OnnxValue Binary(string op, OnnxValue a, OnnxValue b, string hint) => new(Node(op, [a.Name, b.Name], hint), Broadcast(a.Shape, b.Shape, hint));

    private NodeProto NewNode(string op, string[] inputs, string[] outputs, string hint, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = UniqueName(hint + "/" + op) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>Numpy broadcasting of two shapes (aligned from the right); the batch dimension broadcasts like any other.</summary>
    private static long[] Broadcast(long[] a, long[] b, string hint)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new long[rank];
        for (int i = 1; i <= rank; i++)
        {
            long x = i <= a.Length ? a[^i] : 1, y = i <= b.Length ? b[^i] : 1;
            if (x != y && x != 1 && y != 1) throw new InvalidOperationException($"{hint}: shapes [{string.Join(", ", a)}] and [{string.Join(", ", b)}] do not broadcast.");
            result[^i] = x == 1 ? y : x;
        }
        return result;
    }

    /// <summary>Output length of a sliding window (floor mode, PyTorch's and ONNX's default).</summary>
    private static long WindowOutput(long input, long kernel, long stride, long padding, long dilation) =>
        input == Batch ? Batch : (input + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;

    /// <summary>Readable names from the module path (e.g. <c>resnet/teacher/layer1.0/conv1</c>), made unique by a counter.</summary>
    private string UniqueName(string hint)
    {
        usedNames.TryGetValue(hint, out int count);
        usedNames[hint] = count + 1;
        return count == 0 ? hint : $"{hint}#{count}";
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Str(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private static AttributeProto Ints(string name, long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
