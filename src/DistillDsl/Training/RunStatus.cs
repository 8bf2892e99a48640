using System.Text.Json;
using System.Text.Json.Serialization;
using DistillDsl.IO;

namespace DistillDsl.Training;

/// <summary><c>run.json</c> beside the checkpoints: what a run folder is doing, for people and tools that look at it from
/// outside (Get-DistillRun, a batch job's log). Written when a session starts (<see cref="RunningState"/>, with the
/// process id) and when it ends (the stop reason). A folder whose run.json says running while that process is gone
/// was killed.</summary>
public sealed record RunStatus(
    string State,
    string Config,
    string ConfigSha256,
    string? Dataset,
    int Epochs,
    int ProcessId,
    string Host,
    DateTimeOffset Started,
    DateTimeOffset Updated,
    string? Message,
    string? Cache)
{
    public const string FileName = "run.json";

    public const string RunningState = "Running";

    /// <summary>The session ended with an exception (e.g. an unreadable image under BadImages = Stop); the message says why.</summary>
    public const string FailedState = "Failed";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Write(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>The folder's run.json; null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a run status.</exception>
    public static RunStatus? Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunStatus>(File.ReadAllText(path), Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is damaged: {e.Message}", e);
        }
    }

    /// <summary>True when the state is running but the process that wrote it is gone (on this host).</summary>
    public bool WasKilled()
    {
        if (State != RunningState || !string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(ProcessId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }
}
