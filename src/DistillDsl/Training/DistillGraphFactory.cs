using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;
using DistillDsl.Spec.Validation;

namespace DistillDsl.Training;

/// <summary>Graphs at an image size other than their config's (<see cref="TrainingOptions.ImageSize"/>): a graph takes one
/// input size, fixed when it is built, so another size means another spec and a new graph.</summary>
/// <remarks>
/// <para>Rescaling a spec: the input becomes <c>imageSize</c> × <c>imageSize</c>, and every <c>adaptive_avg</c> pool size, the
/// only absolute size in a config, is scaled by the same factor per axis (size × imageSize / input side), so each tap keeps
/// its relation to the image and to the student. Strides, <c>avg</c> kernels and student stages are relative and stay.
/// A pool size that would not scale to a whole number is an error naming the tap, as is a result the validator rejects
/// (e.g. a tap smaller than 1 × 1).</para>
/// <para>Example: <c>reduced_student_paper</c> at 256 pools layer1 to 32; at 128 it pools to 16, at 64 to 8.</para>
/// </remarks>
public static class DistillGraphFactory
{
    /// <summary><paramref name="spec"/> at a square input of <paramref name="imageSize"/> pixels; the spec itself when it is
    /// already that size. Source spans are kept, so the result still points into the config file.</summary>
    /// <exception cref="ArgumentException">An adaptive pool size does not scale to a whole number, or the rescaled spec is
    /// invalid (the diagnostics are listed).</exception>
    public static DistillSpec AtImageSize(DistillSpec spec, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageSize);
        if (spec.Input.Height == imageSize && spec.Input.Width == imageSize) return spec;

        var teachers = spec.Teachers.Select(teacher => teacher with
        {
            Taps = new EquatableArray<TapSpec>(teacher.Taps.Select(tap => tap.Pool is AdaptiveAvgPoolSpec adaptive
                ? tap with
                {
                    Pool = adaptive with
                    {
                        Height = Scale(adaptive.Height, spec.Input.Height, imageSize, spec, teacher, tap),
                        Width = Scale(adaptive.Width, spec.Input.Width, imageSize, spec, teacher, tap),
                    },
                }
                : tap)),
        });
        DistillSpec resized = spec with
        {
            Input = spec.Input with { Height = imageSize, Width = imageSize },
            Teachers = new EquatableArray<TeacherSpec>(teachers),
        };

        var errors = DistillSpecValidator.Validate(resized).Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                $"Config '{spec.Name}' does not work at image size {imageSize} (it is written for {spec.Input.Height}×{spec.Input.Width}):" +
                $"{Environment.NewLine}{string.Join(Environment.NewLine, errors)}", nameof(imageSize));
        }
        return resized;
    }

    /// <summary>The graph of a compiled config (by name) or a YAML file (by path), as <see cref="DistillConfigFile.Build"/>
    /// builds it, at <paramref name="imageSize"/> when given (see <see cref="AtImageSize"/>). At the config's own size a
    /// compiled config keeps its generated class.</summary>
    public static DistillGraph Build(string nameOrPath, int? imageSize = null, GraphBuildOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        options ??= new GraphBuildOptions();
        DistillSpec spec;
        if (CompiledConfigs.Names.Contains(nameOrPath, StringComparer.Ordinal))
        {
            if (imageSize is null) return CompiledConfigs.Create(nameOrPath, options);
            spec = ParseCompiled(nameOrPath);
        }
        else
        {
            if (imageSize is null) return DistillConfigFile.Build(nameOrPath, options);
            spec = DistillConfigFile.Load(nameOrPath);
            options = options with { BaseDirectory = options.BaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(nameOrPath)) };
        }
        return new DistillGraph(AtImageSize(spec, imageSize.Value), options);
    }

    private static DistillSpec ParseCompiled(string name)
    {
        ParseResult result = DistillConfigParser.Parse(name + ".yaml", CompiledConfigs.Yaml(name));
        return result.Spec ?? throw new InvalidOperationException($"The compiled-in config {name} no longer parses: {string.Join("; ", result.Diagnostics)}");
    }

    private static int Scale(int size, int inputSide, int imageSize, DistillSpec spec, TeacherSpec teacher, TapSpec tap)
    {
        long scaled = (long)size * imageSize;
        if (scaled % inputSide != 0)
        {
            throw new ArgumentException(
                $"Config '{spec.Name}' cannot be rescaled to image size {imageSize}: the adaptive pool size {size} of tap " +
                $"'{tap.Name}' (teacher '{teacher.Name}') becomes {size} × {imageSize} / {inputSide}, not a whole number. " +
                $"Choose an image size that scales every adaptive pool size exactly.", nameof(imageSize));
        }
        return (int)(scaled / inputSide);
    }
}
