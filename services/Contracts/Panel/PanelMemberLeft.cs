namespace MhAll.Contracts.Panel;

/// <summary>A member who had joined the Panel left it (or erased their record): they no longer count among its members.</summary>
public sealed record PanelMemberLeft(Guid MemberId, DateTimeOffset LeftAt);
