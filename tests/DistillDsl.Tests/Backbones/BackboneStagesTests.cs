using DistillDsl.Backbones;
using DistillDsl.Backbones.EfficientNet;
using DistillDsl.Backbones.ResNet;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Backbones;

/// <summary>Each backbone's one description of its tap-named stages, which fusion, export and mirror students read.</summary>
public class BackboneStagesTests
{
    public static TheoryData<string> Backbones => ["resnet18", "resnet18-cntk", "efficientnet_b0"];

    [Theory]
    [MemberData(nameof(Backbones))]
    public void The_stages_are_the_catalog_taps_in_order_and_hold_every_feature_parameter_once(string name)
    {
        using var module = (nn.Module)New(name);
        var backbone = (ITappedBackbone)module;

        IReadOnlyList<BackboneStage> stages = backbone.Stages();

        Assert.Equal(backbone.Info.TapNames, stages.Select(stage => stage.Tap));
        var inStages = stages.SelectMany(stage => stage.Module.parameters()).Select(p => p.Handle).ToList();
        Assert.Equal(inStages.Count, inStages.Distinct().Count());
        // Everything but the classifier belongs to exactly one stage, and the stages hold the backbone's own tensors.
        var features = module.named_parameters().Where(p => !p.name.StartsWith("fc.") && !p.name.StartsWith("classifier.")).Select(p => p.parameter.Handle);
        Assert.Equal(features.Order(), inStages.Order());
    }

    [Theory]
    [MemberData(nameof(Backbones))]
    public void A_new_backbone_of_the_same_architecture_has_the_same_layout_and_its_own_tensors(string name)
    {
        using var module = (nn.Module)New(name);
        var backbone = (ITappedBackbone)module;

        using var copy = backbone.NewOfSameArchitecture().AsModule();

        Assert.Equal(module.GetType(), copy.GetType());
        Assert.Equal(Layout(module), Layout(copy));
        var original = module.parameters().Select(p => p.Handle).ToHashSet();
        Assert.DoesNotContain(copy.parameters(), p => original.Contains(p.Handle));
    }

    [Theory]
    [MemberData(nameof(Backbones))]
    public void The_stages_run_in_order_give_the_taps_of_ForwardTaps(string name)
    {
        using var module = (nn.Module)New(name);
        var backbone = (ITappedBackbone)module;
        module.eval();
        using var scope = NewDisposeScope();
        Tensor input = randn(1, 3, 64, 64, generator: new Generator(7));

        var taps = backbone.ForwardTaps(input, backbone.Info.TapNames.ToList());

        Tensor x = input;
        foreach (BackboneStage stage in backbone.Stages())
        {
            x = stage.Module.call(x);
            Assert.True(x.allclose(taps[stage.Tap], rtol: 0, atol: 0), $"{name} {stage.Tap}");
        }
    }

    // The catalog describes torchvision's layouts; the CNTK ResNet-18 (ML.NET's weights) has a third block in layer4.
    [Theory]
    [InlineData("resnet18")]
    [InlineData("efficientnet_b0")]
    public void The_catalog_counts_the_parameters_of_every_stage_the_runtime_builds(string name)
    {
        using var module = (nn.Module)New(name);
        var backbone = (ITappedBackbone)module;

        foreach (BackboneStage stage in backbone.Stages())
        {
            long built = stage.Module.parameters().Sum(p => p.numel());
            long catalog = backbone.Info.Taps.Single(tap => tap.Name == stage.Tap).StageParameters;
            Assert.True(catalog == built, $"{name} {stage.Tap}: catalog {catalog:N0}, built {built:N0}");
        }
    }

    private static IEnumerable<string> Layout(nn.Module module) =>
        module.state_dict().Select(entry => $"{entry.Key} {string.Join("x", entry.Value.shape)}");

    private static ITappedBackbone New(string name) => name switch
    {
        "resnet18" => new ResNet18(ResNet18Options.Torchvision),
        "resnet18-cntk" => new ResNet18(ResNet18Options.Cntk),
        _ => new EfficientNetB0(),
    };
}
