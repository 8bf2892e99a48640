namespace DistillDsl.Spec.Backbones
{
    /// <summary>A named point of a backbone whose output can be tapped: its channels and its stride
    /// relative to the input image (a 256×256 input gives a (256/Stride)² feature map).</summary>
    public sealed class TapInfo : System.IEquatable<TapInfo>
    {
        public TapInfo(string name, int channels, int stride, string description)
        {
            Name = name;
            Channels = channels;
            Stride = stride;
            Description = description;
        }

        public string Name { get; }
        public int Channels { get; }
        public int Stride { get; }
        public string Description { get; }

        public bool Equals(TapInfo? other) =>
            other is not null && Name == other.Name && Channels == other.Channels && Stride == other.Stride && Description == other.Description;

        public override bool Equals(object? obj) => Equals(obj as TapInfo);

        public override int GetHashCode() => (Name, Channels, Stride).GetHashCode();

        public override string ToString() => $"{Name} ({Channels} ch, stride {Stride})";
    }
}
