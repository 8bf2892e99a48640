using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Validation;

namespace DistillDsl.Configs;

/// <summary>A spec at an image size other than its config's (<c>-ImageSize</c>, <see cref="Training.TrainingOptions.ImageSize"/>): a
/// graph takes one input size, fixed when it is built, so another size means another spec and a new graph.</summary>
/// <remarks>
/// <para>Rescaling a spec: the input becomes <c>imageSize</c> × <c>imageSize</c>, and every <c>adaptive_avg</c> pool size, the
/// only absolute size in a config, is scaled by the same factor per axis (size × imageSize / input side), so each tap keeps
/// its relation to the image and to the student. Strides, <c>avg</c> kernels and student stages are relative and stay.
/// A pool size that would not scale to a whole number is an error naming the tap, as is a result the validator rejects
/// (e.g. a tap smaller than 1 × 1).</para>
/// <para>Example: <c>reduced_student_paper</c> at 256 pools layer1 to 32; at 128 it pools to 16, at 64 to 8.</para>
/// </remarks>
public static class SpecRescaling
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
