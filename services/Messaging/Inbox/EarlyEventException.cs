namespace MhAll.Messaging.Inbox;

/// <summary>
/// Thrown by a consumer when its event depends on another that has not arrived yet: queues do not keep order between
/// event types, and a backlog on one queue can hold the earlier event back for a while. Such an event is retried on
/// the patient schedule of <see cref="MessagingOptions.PatientRetryLimit"/> rather than the quick one for faults.
/// </summary>
public sealed class EarlyEventException(string message) : Exception(message);
