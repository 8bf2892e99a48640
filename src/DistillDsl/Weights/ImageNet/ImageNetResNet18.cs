using System.Security.Cryptography;
using DistillDsl.Backbones.ResNet;

namespace DistillDsl.Weights.ImageNet;

/// <summary>An ImageNet-trained ResNet-18 out of the box: the CNTK ResNet-18 of the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, whose two ONNX files the build copies to <c>models/dnn-resnet18/</c>
/// beside DistillDsl.dll. The weights are converted once into a <see cref="ResNet18"/> with <see cref="ResNet18Options.Cntk"/>
/// and cached (see <see cref="WeightsCache"/>).</summary>
public static class ImageNetResNet18
{
    public const string NetworkFileName = "ResNet18.onnx";
    public const string PreprocessFileName = "ResNetPreprocess.onnx";

    /// <summary>Bumped when the conversion changes, so caches of older conversions are not used.</summary>
    private const int ConversionVersion = 1;

    /// <summary><c>models/dnn-resnet18</c> beside DistillDsl.dll.</summary>
    public static string DefaultModelDirectory
    {
        get
        {
            string assembly = typeof(ImageNetResNet18).Assembly.Location;
            string baseDirectory = string.IsNullOrEmpty(assembly) ? AppContext.BaseDirectory : Path.GetDirectoryName(assembly)!;
            return Path.Combine(baseDirectory, "models", "dnn-resnet18");
        }
    }

    /// <summary>Loads the pretrained ResNet-18 from the cache, converting the ONNX file on the first use (and again when
    /// the cache file is corrupt). The backbone is on the CPU, in eval mode, with frozen parameters.</summary>
    /// <param name="cacheDirectory">Where converted weights are kept; default <see cref="WeightsCache.ResolveDirectory"/>.</param>
    /// <param name="modelDirectory">Where the two ONNX files are; default <see cref="DefaultModelDirectory"/>.</param>
    /// <exception cref="FileNotFoundException">An ONNX file is missing.</exception>
    /// <exception cref="InvalidDataException">An ONNX file is not the expected model.</exception>
    public static PretrainedResNet18 Load(string? cacheDirectory = null, string? modelDirectory = null)
    {
        string models = modelDirectory ?? DefaultModelDirectory;
        string network = RequireFile(models, NetworkFileName);
        string preprocess = RequireFile(models, PreprocessFileName);
        string cached = CachePath(network, cacheDirectory);

        var backbone = new ResNet18(ResNet18Options.Cntk);
        if (!TryLoadCached(backbone, cached))
        {
            DnnResNet18Onnx.LoadWeights(backbone, network);
            WeightsCache.Save(backbone, cached);
        }
        float[] means = DnnResNet18Onnx.ReadBgrMeans(preprocess);

        backbone.eval();
        foreach (var parameter in backbone.parameters()) parameter.requires_grad = false;
        return new PretrainedResNet18(backbone, Array.AsReadOnly(means));
    }

    /// <summary>The cache file for this ONNX file: named by a hash of its bytes, so another file never reuses it.</summary>
    internal static string CachePath(string networkFile, string? cacheDirectory)
    {
        byte[] hash;
        using (FileStream stream = File.OpenRead(networkFile)) hash = SHA256.HashData(stream);
        string name = $"dnn-resnet18-v{ConversionVersion}-{Convert.ToHexStringLower(hash)[..16]}.safetensors";
        return Path.Combine(WeightsCache.ResolveDirectory(cacheDirectory), name);
    }

    private static bool TryLoadCached(ResNet18 backbone, string cached)
    {
        if (!File.Exists(cached)) return false;
        try
        {
            WeightsCache.LoadInto(backbone, cached);
            return true;
        }
        catch (InvalidDataException)
        {
            // A corrupt cache is derived data: convert again and overwrite it.
            return false;
        }
    }

    private static string RequireFile(string directory, string name)
    {
        string path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The ImageNet ResNet-18 file '{path}' is missing. It comes from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, " +
                "which the DistillDsl build copies to models/dnn-resnet18/ beside DistillDsl.dll.", path);
        }
        return path;
    }
}
