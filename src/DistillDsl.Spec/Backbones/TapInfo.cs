namespace DistillDsl.Spec.Backbones
{
    /// <summary>A named point of a backbone whose output can be tapped: its channels and its stride
    /// relative to the input image (a 256×256 input gives a (256/Stride)² feature map), and what the stage that ends
    /// here is made of (for architecture summaries).</summary>
    public sealed class TapInfo : System.IEquatable<TapInfo>
    {
        public TapInfo(string name, int channels, int stride, string description, string stageKind, long stageParameters)
        {
            Name = name;
            Channels = channels;
            Stride = stride;
            Description = description;
            StageKind = stageKind;
            StageParameters = stageParameters;
        }

        public string Name { get; }
        public int Channels { get; }
        public int Stride { get; }
        public string Description { get; }

        /// <summary>The layers of the stage from the previous tap (or the image) to this one, e.g. "2 × BasicBlock".</summary>
        public string StageKind { get; }

        /// <summary>The stage's learnable parameters (batch-norm weights and biases included, running statistics not).</summary>
        public long StageParameters { get; }

        public bool Equals(TapInfo? other) =>
            other is not null && Name == other.Name && Channels == other.Channels && Stride == other.Stride && Description == other.Description
            && StageKind == other.StageKind && StageParameters == other.StageParameters;

        public override bool Equals(object? obj) => Equals(obj as TapInfo);

        public override int GetHashCode() => (Name, Channels, Stride).GetHashCode();

        public override string ToString() => $"{Name} ({Channels} ch, stride {Stride})";
    }
}
