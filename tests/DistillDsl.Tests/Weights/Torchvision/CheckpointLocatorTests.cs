using DistillDsl.Backbones.EfficientNet;
using DistillDsl.Weights.Torchvision;
using Xunit.Abstractions;

namespace DistillDsl.Tests.Weights.Torchvision;

public sealed class CheckpointLocatorTests : IDisposable
{
    private const string ResNetFile = "resnet18-f37072fd.pth";

    private readonly CheckpointFixtures files = new();
    private readonly TorchHubEnvironment environment;
    private readonly ITestOutputHelper output;

    public CheckpointLocatorTests(ITestOutputHelper output)
    {
        this.output = output;
        // A described environment: no process environment variable is read or changed.
        environment = new TorchHubEnvironment(files.PathIn("torch-home"), files.PathIn("xdg"), files.PathIn("home"));
    }

    public void Dispose() => files.Dispose();

    private string TorchHomeDir => files.PathIn("torch-home", "hub", "checkpoints");
    private string XdgDir => files.PathIn("xdg", "torch", "hub", "checkpoints");
    private string HomeDir => files.PathIn("home", ".cache", "torch", "hub", "checkpoints");

    [Fact]
    public void Folders_are_searched_in_torch_order()
    {
        Assert.Equal(new[] { TorchHomeDir, XdgDir, HomeDir }, environment.CheckpointDirectories());

        string inHome = Put(HomeDir, ResNetFile);
        string inXdg = Put(XdgDir, ResNetFile);
        string inTorchHome = Put(TorchHomeDir, ResNetFile);

        Assert.Equal(inTorchHome, CheckpointLocator.Locate(null, ResNetFile, environment));
        File.Delete(inTorchHome);
        Assert.Equal(inXdg, CheckpointLocator.Locate(null, ResNetFile, environment));
        File.Delete(inXdg);
        Assert.Equal(inHome, CheckpointLocator.Locate(null, ResNetFile, environment));
    }

    [Fact]
    public void An_older_torchvision_name_is_found_when_the_current_one_is_absent()
    {
        // torchvision 0.14 saved EfficientNet-b0's weights as efficientnet_b0_rwightman-3dd342df.pth; newer releases use -7f5810bc.
        var info = DistillDsl.Spec.Backbones.BackboneCatalog.EfficientNetB0Info;
        string[] names = [info.TorchvisionCheckpoint, .. info.OlderTorchvisionCheckpoints];
        string older = Put(HomeDir, "efficientnet_b0_rwightman-3dd342df.pth");
        Assert.Equal(older, CheckpointLocator.Locate(null, names, environment));

        string current = Put(HomeDir, info.TorchvisionCheckpoint);
        Assert.Equal(current, CheckpointLocator.Locate(null, names, environment));
    }

    [Fact]
    public void Unset_variables_leave_only_the_home_cache()
    {
        var bare = new TorchHubEnvironment(null, "", files.PathIn("home"));
        Assert.Equal(new[] { HomeDir }, bare.CheckpointDirectories());
    }

    [Fact]
    public void A_leading_tilde_means_the_home_folder()
    {
        var tilde = new TorchHubEnvironment("~/th", null, files.PathIn("home"));
        Assert.Equal(files.PathIn("home", "th", "hub", "checkpoints"), tilde.CheckpointDirectories()[0]);
    }

    [Fact]
    public void A_missing_checkpoint_lists_every_place_looked_at_and_the_download_url()
    {
        var error = Assert.Throws<WeightsException>(() => CheckpointLocator.Locate(null, ResNetFile, environment));
        output.WriteLine(error.Message);

        string[] expected = [Path.Combine(TorchHomeDir, ResNetFile), Path.Combine(XdgDir, ResNetFile), Path.Combine(HomeDir, ResNetFile)];
        Assert.Equal(expected, error.SearchedLocations);
        Assert.Equal(ResNetFile, error.FilePath);
        Assert.All(expected, path => Assert.Contains(path, error.Message));
        Assert.Contains("https://download.pytorch.org/models/resnet18-f37072fd.pth", error.Message);
    }

    [Fact]
    public void An_unknown_file_name_gets_no_made_up_url()
    {
        var error = Assert.Throws<WeightsException>(() => CheckpointLocator.Locate(null, "my_model.pth", environment));
        output.WriteLine(error.Message);
        Assert.DoesNotContain("http", error.Message);
        Assert.Contains("Pass the path", error.Message);
    }

    [Fact]
    public void An_explicit_path_wins_over_the_hub_folders()
    {
        Put(TorchHomeDir, ResNetFile);
        string explicitFile = Put(files.PathIn("elsewhere"), ResNetFile);

        Assert.Equal(explicitFile, CheckpointLocator.Locate(explicitFile, ResNetFile, environment));
    }

    [Fact]
    public void A_missing_explicit_path_is_reported_as_the_only_place_looked_at()
    {
        Put(TorchHomeDir, ResNetFile); // not used: the explicit path is what was asked for
        string absent = files.PathIn("elsewhere", ResNetFile);

        var error = Assert.Throws<WeightsException>(() => CheckpointLocator.Locate(absent, ResNetFile, environment));
        output.WriteLine(error.Message);

        Assert.Equal(new[] { absent }, error.SearchedLocations);
        Assert.Contains(absent, error.Message);
        Assert.Contains("https://download.pytorch.org/models/resnet18-f37072fd.pth", error.Message);
    }

    [Fact]
    public void Loading_an_efficientnet_checkpoint_that_is_nowhere_names_torchvisions_file_and_url()
    {
        using var model = new EfficientNetB0();
        var error = Assert.Throws<WeightsException>(() => TorchvisionCheckpoints.LoadInto(model, environment: environment));
        output.WriteLine(error.Message);

        Assert.Equal("efficientnet_b0_rwightman-7f5810bc.pth", error.FilePath);
        Assert.Equal(6, error.SearchedLocations.Count); // three hub folders × (current name, torchvision 0.14 name)
        Assert.Contains("efficientnet_b0_rwightman-3dd342df.pth", error.Message);
        Assert.Contains("https://download.pytorch.org/models/efficientnet_b0_rwightman-7f5810bc.pth", error.Message);
    }

    [Theory]
    [InlineData("resnet18-f37072fd.pth", "f37072fd")]
    [InlineData("efficientnet_b0_rwightman-7f5810bc.pth", "7f5810bc")]
    [InlineData("/some/dir-0123456789/model.pth", null)] // only the file name counts
    [InlineData("model-2024.pth", null)] // too short to be a hash prefix
    [InlineData("tiny.safetensors", null)]
    public void The_hash_prefix_is_read_from_the_file_name(string path, string? prefix)
    {
        Assert.Equal(prefix, CheckpointHash.ClaimedPrefix(path));
    }

    private static string Put(string directory, string fileName)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, fileName);
        File.WriteAllText(path, "placeholder");
        return path;
    }
}
