namespace DistillDsl.Data;

/// <summary>The folder conventions a dataset can follow.</summary>
public enum DatasetLayout
{
    /// <summary>MVTec AD: train/good, test/&lt;defect&gt; (good = normal), ground_truth/&lt;defect&gt;/&lt;stem&gt;_mask.png.</summary>
    MvtecAd,

    /// <summary>BTAD: train/ok, test/ok, test/ko, ground_truth/ko/&lt;stem&gt;.&lt;ext&gt;.</summary>
    Btad,

    /// <summary>Plain folders: one of normal images, one of abnormal images, optionally one of masks.</summary>
    Folders,
}
