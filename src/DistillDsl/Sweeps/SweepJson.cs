using System.Text.Json;
using System.Text.Json.Serialization;

namespace DistillDsl.Sweeps;

/// <summary>The one JSON style of a sweep's files (indented, camelCase, enums as names), and reads that name the file
/// when it is damaged.</summary>
internal static class SweepJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <exception cref="SweepException">The file cannot be read or is not the expected JSON.</exception>
    public static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            throw new SweepException($"'{path}' cannot be read: {e.Message}", path, e);
        }
    }
}
