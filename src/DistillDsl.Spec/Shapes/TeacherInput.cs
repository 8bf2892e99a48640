using DistillDsl.Spec.Model;

namespace DistillDsl.Spec.Shapes
{
    /// <summary>The size of the image a teacher and its student read: the config's input averaged over the teacher's
    /// <c>downsample</c> blocks. Every shape of a teacher's taps and of its student follows from it.</summary>
    public static class TeacherInput
    {
        /// <summary>The input divided by the teacher's downsample, rounded down as the block average does (the validator
        /// requires it to divide, DD0038).</summary>
        public static InputSpec Of(TeacherSpec teacher, InputSpec input) =>
            teacher.Downsample == 1 ? input : input with { Height = input.Height / teacher.Downsample, Width = input.Width / teacher.Downsample };
    }
}
