using DistillDsl.Weights.ImageNet;

namespace DistillDsl.Tests.Weights.ImageNet;

/// <summary>Converts the ImageNet ResNet-18 once (about 63 MB of ONNX) into a temporary cache, for all tests of the collection.</summary>
public sealed class ConvertedResNet18Fixture : IDisposable
{
    public ConvertedResNet18Fixture()
    {
        CacheDirectory = Directory.CreateTempSubdirectory("distilldsl-resnet18-cache-").FullName;
        Teacher = ImageNetResNet18.Load(CacheDirectory);
        CacheFile = Directory.GetFiles(CacheDirectory).Single();
        CacheBytes = File.ReadAllBytes(CacheFile);
    }

    public string CacheDirectory { get; }
    public PretrainedResNet18 Teacher { get; }
    public string CacheFile { get; }
    public byte[] CacheBytes { get; }

    public static string NetworkOnnx => Path.Combine(ImageNetResNet18.DefaultModelDirectory, ImageNetResNet18.NetworkFileName);
    public static string PreprocessOnnx => Path.Combine(ImageNetResNet18.DefaultModelDirectory, ImageNetResNet18.PreprocessFileName);

    public void Dispose()
    {
        Teacher.Backbone.Dispose();
        Directory.Delete(CacheDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ConvertedResNet18Collection : ICollectionFixture<ConvertedResNet18Fixture>
{
    public const string Name = "Converted ImageNet ResNet-18";
}

/// <summary>A fresh temporary folder, deleted with its contents on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("distilldsl-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
