using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace DistillDsl.Tests.Weights.ImageNet;

/// <summary>Runs an ONNX file with Microsoft.ML.OnnxRuntime, the reference for the imported weights.</summary>
internal static class OnnxRuntimeReference
{
    /// <summary>Runs the model on one input and returns the named tensors (graph outputs, or intermediate values that are
    /// added as graph outputs to an in-memory copy of the model).</summary>
    public static Dictionary<string, float[]> Run(string onnxFile, float[] input, int[] inputShape, IEnumerable<string> outputs)
    {
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnxFile));
        var wanted = outputs.ToList();
        foreach (string name in wanted.Where(name => model.Graph.Output.All(output => output.Name != name)))
        {
            var floatTensor = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } };
            model.Graph.Output.Add(new ValueInfoProto { Name = name, Type = floatTensor });
        }

        using var session = new InferenceSession(model.ToByteArray());
        string inputName = session.InputMetadata.Keys.Single();
        var feeds = new[] { NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<float>(input, inputShape)) };
        using var results = session.Run(feeds, wanted);
        return results.ToDictionary(result => result.Name, result => result.AsTensor<float>().ToArray());
    }
}
