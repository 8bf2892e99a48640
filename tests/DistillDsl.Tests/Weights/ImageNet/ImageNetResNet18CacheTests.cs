using System.Buffers.Binary;
using System.Text;
using DistillDsl.Backbones.ResNet;
using DistillDsl.Weights;
using DistillDsl.Weights.ImageNet;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Weights.ImageNet;

/// <summary>The weights cache of the ImageNet ResNet-18, and clear errors for missing or damaged files.</summary>
[Collection(ConvertedResNet18Collection.Name)]
public class ImageNetResNet18CacheTests(ConvertedResNet18Fixture converted)
{
    [Fact]
    public void Converting_twice_gives_byte_identical_cache_files()
    {
        using var cache = new TemporaryDirectory();

        ImageNetResNet18.Load(cache.Path).Backbone.Dispose();

        string file = Directory.GetFiles(cache.Path).Single();
        Assert.Equal(Path.GetFileName(converted.CacheFile), Path.GetFileName(file));
        Assert.Matches(@"^dnn-resnet18-v1-[0-9a-f]{16}\.safetensors$", Path.GetFileName(file));
        Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(converted.CacheBytes), "the two conversions wrote different bytes");
    }

    [Fact]
    public void A_valid_cache_file_is_loaded_instead_of_converting()
    {
        using var cache = new TemporaryDirectory();
        using var randomlyInitialised = new ResNet18(ResNet18Options.Cntk);
        WeightsCache.Save(randomlyInitialised, ImageNetResNet18.CachePath(ConvertedResNet18Fixture.NetworkOnnx, cache.Path));

        var loaded = ImageNetResNet18.Load(cache.Path);

        using var _ = loaded.Backbone;
        Tensor weight = loaded.Backbone.state_dict()["conv1.weight"];
        Assert.True(weight.allclose(randomlyInitialised.state_dict()["conv1.weight"], rtol: 0, atol: 0));
        Assert.False(weight.allclose(converted.Teacher.Backbone.state_dict()["conv1.weight"], rtol: 0, atol: 0));
    }

    [Fact]
    public void A_corrupt_cache_file_is_converted_again()
    {
        using var cache = new TemporaryDirectory();
        string path = ImageNetResNet18.CachePath(ConvertedResNet18Fixture.NetworkOnnx, cache.Path);
        File.WriteAllBytes(path, Damaged(converted.CacheBytes, "truncated"));

        ImageNetResNet18.Load(cache.Path).Backbone.Dispose();

        Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(converted.CacheBytes), "the corrupt cache file was not replaced by a fresh conversion");
    }

    [Theory]
    [InlineData("empty", "fewer than the 8-byte header length")]
    [InlineData("truncated", "truncated?")]
    [InlineData("random bytes", "exceeds the file size")]
    [InlineData("not json", "not valid JSON")]
    public void Reading_a_corrupt_cache_file_names_the_file_and_the_reason(string damage, string reason)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("weights.safetensors");
        File.WriteAllBytes(path, Damaged(converted.CacheBytes, damage));
        using var model = new ResNet18(ResNet18Options.Cntk);

        var error = Assert.Throws<InvalidDataException>(() => WeightsCache.LoadInto(model, path));

        Assert.Contains(path, error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_cache_file_of_another_layout_is_rejected_naming_the_tensor()
    {
        using var torchvisionLayout = new ResNet18(ResNet18Options.Torchvision);

        var error = Assert.Throws<InvalidDataException>(() => WeightsCache.LoadInto(torchvisionLayout, converted.CacheFile));

        Assert.Contains(converted.CacheFile, error.Message);
        Assert.Contains("'layer4.2.", error.Message);
        Assert.Contains("that the module does not have", error.Message);
    }

    [Theory]
    [InlineData(ImageNetResNet18.NetworkFileName)]
    [InlineData(ImageNetResNet18.PreprocessFileName)]
    public void A_missing_onnx_file_is_an_error_naming_it_and_its_package(string missing)
    {
        using var models = new TemporaryDirectory();
        foreach (string name in new[] { ImageNetResNet18.NetworkFileName, ImageNetResNet18.PreprocessFileName }.Where(name => name != missing))
        {
            File.WriteAllBytes(models.File(name), Array.Empty<byte>());
        }

        var error = Assert.Throws<FileNotFoundException>(() => ImageNetResNet18.Load(converted.CacheDirectory, models.Path));

        Assert.Contains(models.File(missing), error.Message);
        Assert.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18", error.Message);
    }

    [Theory]
    [InlineData("truncated", "not a readable ONNX model")]
    [InlineData("text", "not a readable ONNX model")]
    [InlineData("preprocessing graph", "0 Conv nodes")]
    public void A_damaged_network_file_is_an_error_naming_it_and_the_reason(string damage, string reason)
    {
        using var models = new TemporaryDirectory();
        using var cache = new TemporaryDirectory();
        byte[] network = damage switch
        {
            "truncated" => File.ReadAllBytes(ConvertedResNet18Fixture.NetworkOnnx)[..1_000_000],
            "text" => Encoding.UTF8.GetBytes("this is not an ONNX file"),
            _ => File.ReadAllBytes(ConvertedResNet18Fixture.PreprocessOnnx),
        };
        File.WriteAllBytes(models.File(ImageNetResNet18.NetworkFileName), network);
        File.Copy(ConvertedResNet18Fixture.PreprocessOnnx, models.File(ImageNetResNet18.PreprocessFileName));

        var error = Assert.Throws<InvalidDataException>(() => ImageNetResNet18.Load(cache.Path, models.Path));

        Assert.Contains(models.File(ImageNetResNet18.NetworkFileName), error.Message);
        Assert.Contains(reason, error.Message);
        Assert.Empty(Directory.GetFiles(cache.Path));
    }

    [Fact]
    public void A_preprocessing_file_without_the_expected_graph_is_an_error_naming_it()
    {
        using var models = new TemporaryDirectory();
        string path = models.File(ImageNetResNet18.PreprocessFileName);
        File.WriteAllBytes(path, File.ReadAllBytes(ConvertedResNet18Fixture.PreprocessOnnx)[..2_000]);

        var error = Assert.Throws<InvalidDataException>(() => DnnResNet18Onnx.ReadBgrMeans(path));

        Assert.Contains(path, error.Message);
    }

    private static byte[] Damaged(byte[] cacheFile, string damage)
    {
        switch (damage)
        {
            case "empty":
                return Array.Empty<byte>();
            case "truncated":
                return cacheFile[..^1000];
            case "random bytes":
                var random = new byte[4096];
                new Random(7).NextBytes(random);
                return random;
            case "not json":
                byte[] text = Encoding.UTF8.GetBytes("this is not json");
                var file = new byte[8 + text.Length];
                BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)text.Length);
                text.CopyTo(file, 8);
                return file;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }
}
