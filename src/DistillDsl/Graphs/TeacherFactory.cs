using DistillDsl.Backbones;
using DistillDsl.Backbones.EfficientNet;
using DistillDsl.Backbones.ResNet;
using DistillDsl.Data;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Weights.ImageNet;
using DistillDsl.Weights.Torchvision;

namespace DistillDsl.Graphs;

/// <summary>Builds a teacher as its spec's <c>weights</c> say, frozen and in eval mode.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>imagenet</c> on <c>resnet18</c>: the ImageNet ResNet-18 imported from the ONNX model of Microsoft.ML.DnnImageFeaturizer
/// (<see cref="ImageNetResNet18.Load"/>, CNTK layout with 3 blocks in layer4). Those weights were trained on BGR input in 0..255
/// minus per-channel means, so this teacher always normalises that way, with the exact means of ResNetPreprocess.onnx:
/// <c>normalization: imagenet</c> (the catalog default, which the spec cannot tell from a written one) reads here as "the
/// preprocessing of the ImageNet weights"; torchvision's mean/std would feed these weights inputs ~58× too small.
/// For torchvision's own ResNet-18 weights, use <c>weights: { file: …/resnet18-f37072fd.pth }</c>, where <c>normalization</c>
/// applies as written.</item>
/// <item><c>imagenet</c> on <c>efficientnet_b0</c>: torchvision's checkpoint from the torch hub folders
/// (<see cref="TorchvisionCheckpoints"/>); a clear <see cref="WeightsException"/> when it is absent.</item>
/// <item><c>{ file: path }</c>: a torchvision-format state dict (.pth or .safetensors) loaded strictly into the torchvision layout;
/// a relative path resolves against <see cref="GraphBuildOptions.BaseDirectory"/>.</item>
/// <item><c>random</c>, and every source under <see cref="GraphBuildOptions.RandomTeacherWeights"/>: the same layout and
/// normalisation as the real weights, initialised by <see cref="SeededInitialisation"/>.</item>
/// </list>
/// Apart from the ONNX ResNet-18, the normalisation is the spec's (<see cref="NormalizationParameters.For"/>).
/// </remarks>
public static class TeacherFactory
{
    public static LoadedTeacher Build(TeacherSpec spec, GraphBuildOptions options, ulong randomSeed)
    {
        bool random = spec.Weights.Source == WeightsSource.Random || options.RandomTeacherWeights;
        LoadedTeacher teacher;
        if (spec.Backbone == BackboneCatalog.ResNet18 && spec.Weights.Source == WeightsSource.ImageNet)
        {
            teacher = random
                ? new LoadedTeacher(new ResNet18(ResNet18Options.Cntk), NormalizationParameters.BgrMean)
                : LoadImageNetResNet18(options);
        }
        else
        {
            ITappedBackbone backbone = NewBackbone(spec);
            if (!random) LoadWeights(backbone, spec, options);
            teacher = new LoadedTeacher(backbone, NormalizationParameters.For(spec.Normalization));
        }
        if (random) SeededInitialisation.Apply(teacher.Backbone.AsModule(), randomSeed);

        var module = teacher.Backbone.AsModule();
        module.eval();
        foreach (var parameter in module.parameters()) parameter.requires_grad = false;
        return teacher;
    }

    /// <summary>A relative checkpoint path of a config, resolved against <paramref name="baseDirectory"/> (else the current directory).</summary>
    public static string ResolvePath(string path, string? baseDirectory) =>
        Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), path));

    private static LoadedTeacher LoadImageNetResNet18(GraphBuildOptions options)
    {
        PretrainedResNet18 pretrained = ImageNetResNet18.Load(options.WeightsCacheDirectory);
        return new LoadedTeacher(pretrained.Backbone, pretrained.InputNormalization);
    }

    private static ITappedBackbone NewBackbone(TeacherSpec spec) => spec.Backbone switch
    {
        BackboneCatalog.ResNet18 => new ResNet18(ResNet18Options.Torchvision),
        BackboneCatalog.EfficientNetB0 => new EfficientNetB0(),
        _ => throw new NotSupportedException($"Teacher '{spec.Name}': no runtime backbone for '{spec.Backbone}'."),
    };

    private static void LoadWeights(ITappedBackbone backbone, TeacherSpec spec, GraphBuildOptions options)
    {
        try
        {
            switch (spec.Weights.Source)
            {
                case WeightsSource.ImageNet:
                    TorchvisionCheckpoints.LoadInto(backbone, environment: options.TorchHub);
                    break;
                case WeightsSource.File:
                    StateDictLoader.Load(backbone.AsModule(), ResolvePath(spec.Weights.FilePath!, options.BaseDirectory));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(spec), spec.Weights.Source, "no weights to load for this source.");
            }
        }
        catch (WeightsException error)
        {
            // Name the teacher, so the user knows which entry of the config needs the file.
            throw new WeightsException(
                $"Teacher '{spec.Name}' ({spec.Backbone}, weights: {Describe(spec.Weights)}): {error.Message} " +
                $"Without the weights, build with {nameof(GraphBuildOptions)}.{nameof(GraphBuildOptions.RandomTeacherWeights)} for a randomly initialised teacher.",
                error.FilePath, error.SearchedLocations, error);
        }
    }

    private static string Describe(WeightsSpec weights) => weights.Source switch
    {
        WeightsSource.File => $"{{ file: {weights.FilePath} }}",
        WeightsSource.ImageNet => "imagenet",
        _ => "random",
    };
}
