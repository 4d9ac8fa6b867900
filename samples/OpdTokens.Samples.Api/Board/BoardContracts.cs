namespace OpdTokens.Samples.Api.Board;

/// <summary>What a waiting-room board shows: per doctor, who is being seen and who is next, by token number and
/// initials only.</summary>
/// <param name="Doctors">The doctors of the board, in the order asked for.</param>
/// <param name="GeneratedAt">When the board was computed.</param>
/// <param name="UtcOffsetMinutes">The hospital's offset from UTC now, so the screen's clock shows hospital time
/// whatever the screen's own setting.</param>
internal sealed record BoardResponse(
    IReadOnlyList<DoctorBoardResponse> Doctors,
    DateTimeOffset GeneratedAt,
    int UtcOffsetMinutes
);

/// <param name="DoctorId">The doctor's id.</param>
/// <param name="DoctorName">The doctor's name.</param>
/// <param name="Date">The day shown.</param>
/// <param name="DelayMinutes">How late the doctor is running.</param>
/// <param name="NowServing">The tokens in consultation.</param>
/// <param name="Next">The next waiting tokens in the order the doctor will see them.</param>
/// <param name="Waiting">How many tokens wait in all.</param>
internal sealed record DoctorBoardResponse(
    string DoctorId,
    string DoctorName,
    DateOnly Date,
    int DelayMinutes,
    IReadOnlyList<BoardTokenResponse> NowServing,
    IReadOnlyList<BoardTokenResponse> Next,
    int Waiting
);

/// <summary>One token on a board: never a name or a phone number.</summary>
/// <param name="TokenNumber">The printed token number.</param>
/// <param name="PatientInitials">The patient's initials.</param>
/// <param name="CheckedIn">Whether the patient has checked in (or is being seen).</param>
/// <param name="EstimatedStart">When the consultation is expected to start (waiting tokens), or started.</param>
/// <param name="EstimatedTime">The same as a local time of day, <c>HH:mm</c>, as the screen shows it.</param>
internal sealed record BoardTokenResponse(
    string TokenNumber,
    string PatientInitials,
    bool CheckedIn,
    DateTimeOffset? EstimatedStart,
    string? EstimatedTime
);

/// <summary>Issues a board link.</summary>
/// <param name="Name">A name for people, such as <c>ward-3-tv</c>; 1 to 60 characters.</param>
/// <param name="DoctorIds">The doctors the board may show.</param>
internal sealed record CreateBoardLinkRequest(string? Name, IReadOnlyList<string>? DoctorIds);

/// <summary>A board link as administrators see it.</summary>
/// <param name="Id">The id, for revoking.</param>
/// <param name="Name">The name.</param>
/// <param name="DoctorIds">The doctors it may show.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="RevokedAt">When it was revoked.</param>
/// <param name="Secret">The secret, only in the answer that issued it.</param>
/// <param name="ConnectPath">The path to open on the screen (with the secret after <c>#</c>), only in that
/// answer.</param>
internal sealed record BoardLinkResponse(
    string Id,
    string Name,
    IReadOnlyList<string> DoctorIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    string? Secret,
    string? ConnectPath
);

/// <summary>The secret a screen exchanges for its cookie.</summary>
internal sealed record BoardSessionRequest(string? Secret);

/// <summary>Where the screen goes once its cookie is set.</summary>
internal sealed record BoardSessionResponse(IReadOnlyList<string> DoctorIds, string BoardPath);

/// <summary>Calls the next patient.</summary>
/// <param name="Date">The day; today when left out.</param>
internal sealed record CallNextRequest(DateOnly? Date);
