namespace DistillDsl.PowerShell.Output;

/// <summary>One teacher of a config: its backbone, weights, tapped layers, student and alpha (Eq. 11's weight).</summary>
public sealed record DistillConfigTeacher(string Name, string Backbone, string Weights, string[] Taps, string Student, double Alpha)
{
    public override string ToString() => $"{Backbone}[{string.Join(",", Taps)}] → {Student} (α {Alpha:0.###})";
}
