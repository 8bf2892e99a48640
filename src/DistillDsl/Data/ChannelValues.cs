namespace DistillDsl.Data;

/// <summary>One value per colour channel, in the order of the channels they apply to.</summary>
public readonly record struct ChannelValues(float First, float Second, float Third)
{
    public float[] ToArray() => [First, Second, Third];
}
