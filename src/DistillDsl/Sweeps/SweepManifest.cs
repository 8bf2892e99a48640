using DistillDsl.IO;
namespace DistillDsl.Sweeps;

/// <summary>sweep.json at a sweep's root: the description, its hash and the cells. It makes a root belong to one sweep:
/// a second sweep with the same hash merges into it (its finished cells count, the others run), any other is refused.</summary>
public sealed record SweepManifest(int Schema, string Hash, DateTimeOffset Created, SweepDescription Description, IReadOnlyList<SweepCell> Cells)
{
    public const int CurrentSchema = 1;

    /// <summary>The root's manifest, written first if the root has none. Creation is atomic and exclusive, so of two
    /// sweeps started together into an empty root exactly one writes it and the other is checked against it.</summary>
    /// <exception cref="SweepException">The root holds another sweep (different hash), or its manifest is damaged.</exception>
    /// <param name="create">False (-WhatIf): a root without a manifest is left as it is and the new manifest only returned.</param>
    public static SweepManifest OpenOrCreate(SweepDescription description, bool create = true)
    {
        var layout = new SweepLayout(description.OutputPath);
        var manifest = new SweepManifest(CurrentSchema, description.Hash, DateTimeOffset.UtcNow, description, description.Cells);
        if (!create && !File.Exists(layout.Manifest)) return manifest;
        if (create)
        {
            Directory.CreateDirectory(layout.Root);
            if (AtomicFile.TryCreate(layout.Manifest, SweepJson.Serialize(manifest))) return manifest;
        }

        SweepManifest existing = Read(layout.Root);
        if (existing.Hash != manifest.Hash)
        {
            throw new SweepConflictException(
                $"'{layout.Manifest}' belongs to another sweep (hash {existing.Hash[..12]}, {existing.Cells.Count} cells, created {existing.Created:u}); " +
                $"this description hashes to {manifest.Hash[..12]}. Use another output folder, or the same description to continue that sweep.", layout.Manifest);
        }
        return existing;
    }

    /// <exception cref="SweepException">No sweep at <paramref name="root"/>, or a damaged or newer manifest.</exception>
    public static SweepManifest Read(string root)
    {
        var layout = new SweepLayout(root);
        if (!File.Exists(layout.Manifest)) throw new SweepException($"'{layout.Root}' holds no sweep: '{layout.Manifest}' does not exist.", layout.Manifest);
        SweepManifest manifest = SweepJson.Read<SweepManifest>(layout.Manifest);
        if (manifest.Schema != CurrentSchema) throw new SweepException($"'{layout.Manifest}' has schema {manifest.Schema}; this version reads {CurrentSchema}.", layout.Manifest);
        return manifest;
    }

    [System.Text.Json.Serialization.JsonIgnore]
    public SweepLayout Layout => new(Description.OutputPath);

    /// <summary>Cells picked by name or index; all when <paramref name="selection"/> is empty.</summary>
    /// <exception cref="SweepException">A name or index that is not a cell of this sweep.</exception>
    public IReadOnlyList<SweepCell> Select(IReadOnlyCollection<string> selection)
    {
        if (selection.Count == 0) return Cells;
        var picked = new List<SweepCell>();
        foreach (string item in selection)
        {
            SweepCell? cell = int.TryParse(item, out int index) && index >= 0 && index < Cells.Count
                ? Cells[index]
                : Cells.FirstOrDefault(c => string.Equals(c.Name, item, StringComparison.OrdinalIgnoreCase));
            if (cell is null) throw new SweepException($"'{item}' is not a cell of the sweep in '{Layout.Root}' (cells 0-{Cells.Count - 1}, e.g. '{Cells[0].Name}').", Layout.Manifest);
            if (!picked.Contains(cell)) picked.Add(cell);
        }
        return picked.OrderBy(c => c.Index).ToList();
    }
}
