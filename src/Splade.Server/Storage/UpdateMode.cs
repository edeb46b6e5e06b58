namespace Splade.Server.Storage;

/// <summary>Qdrant's <c>update_mode</c> of an upsert.</summary>
internal enum UpdateMode
{
    /// <summary>Insert new points and replace existing ones (the default).</summary>
    Upsert,

    /// <summary>Insert new points only; existing ones are left as they are.</summary>
    InsertOnly,

    /// <summary>Replace existing points only; new ids are skipped.</summary>
    UpdateOnly,
}
