using DistillDsl.Spec.Model;
using DistillDsl.Students;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Methods.MemoryBank;

/// <summary>PatchCore's memory (Roth et al., CVPR 2022) in the place of a student: one <see cref="MemoryBank"/> per teacher
/// tap (submodules named after the taps, spec order), filled in one pass over the training images by
/// <see cref="MemoryBankFit"/>. Its output for a tap is the bank row nearest to each pooled teacher feature, so the graph's
/// own distance, map and score make the anomaly map the distance to the nearest normal feature. Nothing here trains.</summary>
public sealed class MemoryBankStudent : nn.Module<IReadOnlyList<Tensor>, Dictionary<string, Tensor>>, IDistillStudent
{
    private readonly List<(string Tap, MemoryBank Bank)> banks = [];

    /// <param name="taps">Each pooled teacher tap's name, channels and whether its bank searches in channel-normalised space
    /// (<see cref="SearchesNormalized"/>), spec order.</param>
    public MemoryBankStudent(MemoryBankStudentSpec spec, IReadOnlyList<(string Tap, long Channels, bool Normalized)> taps)
        : base(nameof(MemoryBankStudent))
    {
        Spec = spec;
        foreach (var (tap, channels, normalized) in taps) banks.Add((tap, new MemoryBank(spec.BankSize, channels, normalized)));
        foreach (var (tap, bank) in banks) register_module(tap, bank);
        RegisterComponents();
    }

    public MemoryBankStudentSpec Spec { get; }

    public StudentInput Input => StudentInput.TeacherTaps;

    public IReadOnlyList<string> OutputTaps => banks.Select(b => b.Tap).ToList();

    /// <summary>The banks, spec tap order.</summary>
    public IReadOnlyList<(string Tap, MemoryBank Bank)> Banks => banks;

    public Dictionary<string, Tensor> Forward(Tensor? normalizedImage, IReadOnlyList<Tensor>? teacherTaps) =>
        call(teacherTaps ?? throw new ArgumentNullException(nameof(teacherTaps), "The memory bank student reads the teacher's taps."));

    public nn.Module AsModule() => this;

    /// <param name="teacherTaps">The teacher's pooled taps, spec order.</param>
    public override Dictionary<string, Tensor> forward(IReadOnlyList<Tensor> teacherTaps)
    {
        if (teacherTaps.Count != banks.Count)
        {
            throw new ArgumentException($"The memory bank student has {banks.Count} banks ({string.Join(", ", OutputTaps)}), but got {teacherTaps.Count} taps.", nameof(teacherTaps));
        }
        var outputs = new Dictionary<string, Tensor>();
        for (int i = 0; i < banks.Count; i++) outputs[banks[i].Tap] = banks[i].Bank.Nearest(teacherTaps[i]);
        return outputs;
    }

    /// <summary>Whether the map compares this tap's features channel-normalised: its distance is cosine, or the tap's
    /// feature_norm (its own, else the map's) is channel_l2.</summary>
    public static bool SearchesNormalized(AnomalyMapSpec map, TapSpec tap) =>
        map.Distance == FeatureDistanceKind.Cosine || (tap.FeatureNorm ?? map.FeatureNorm) == FeatureNormalization.ChannelL2;
}
