namespace GeneratorConsumer;

/// <summary>The project needs one source file; the interesting input is configs/broken.yaml.</summary>
internal static class Placeholder
{
}
