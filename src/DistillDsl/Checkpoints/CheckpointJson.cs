using System.Text.Json;
using System.Text.Json.Serialization;

namespace DistillDsl.Checkpoints;

/// <summary>How the JSON sections of a checkpoint are written: indented camelCase, enums by name, NaN and infinities as
/// named literals (a validation loss may be NaN), doubles in round-trip form so a resumed run compares the same numbers.</summary>
internal static class CheckpointJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <exception cref="CheckpointException">The section is not valid JSON of the expected shape.</exception>
    public static T Deserialize<T>(byte[] json, string path, string section)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("the section is null.");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"the file is damaged: its section '{section}' cannot be read ({e.Message}).", e);
        }
    }
}
