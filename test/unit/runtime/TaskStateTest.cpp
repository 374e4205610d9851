//===- TaskStateTest.cpp - The task state word's transitions --------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests each transition of hoist/task/state.hpp on its own: what it returns
/// and which bits and references it leaves, for the cases the harness
/// relies on (queued, running, woken while running, aborted, complete).
///
//===----------------------------------------------------------------------===//
#include "hoist/task/state.hpp"

#include <gtest/gtest.h>

using namespace hoist::detail;

namespace {

TEST(TaskStateTest, InitialState) {
  State s;
  Snapshot v = s.load();
  EXPECT_EQ(v.ref_count(), 3u);
  EXPECT_TRUE(v.is_notified());
  EXPECT_TRUE(v.is_join_interested());
  EXPECT_TRUE(v.is_idle());
  EXPECT_FALSE(v.is_cancelled());
}

TEST(TaskStateTest, RunThenIdle) {
  State s;
  EXPECT_EQ(s.transition_to_running(), TransitionToRunning::Success);
  EXPECT_TRUE(s.load().is_running());
  EXPECT_FALSE(s.load().is_notified());
  EXPECT_EQ(s.transition_to_idle(), TransitionToIdle::Ok);
  EXPECT_TRUE(s.load().is_idle());
  EXPECT_EQ(s.load().ref_count(), 2u) << "the poller's ref is dropped";
}

TEST(TaskStateTest, WokenWhileRunningIsRequeued) {
  State s;
  (void)s.transition_to_running();
  EXPECT_EQ(s.transition_to_notified_by_ref(), TransitionToNotified::DoNothing);
  EXPECT_EQ(s.transition_to_idle(), TransitionToIdle::OkNotified);
  EXPECT_TRUE(s.load().is_notified());
  EXPECT_EQ(s.load().ref_count(), 3u) << "the poller's ref moves to the queue";
}

TEST(TaskStateTest, WakeByRefOnIdleSubmitsOnce) {
  State s;
  (void)s.transition_to_running();
  (void)s.transition_to_idle();
  EXPECT_EQ(s.transition_to_notified_by_ref(), TransitionToNotified::Submit);
  EXPECT_EQ(s.load().ref_count(), 3u);
  EXPECT_EQ(s.transition_to_notified_by_ref(), TransitionToNotified::DoNothing)
      << "already queued";
  EXPECT_EQ(s.load().ref_count(), 3u);
}

TEST(TaskStateTest, WakeByValConsumesTheWakersRef) {
  State s;
  (void)s.transition_to_running();
  (void)s.transition_to_idle(); // 2 refs
  s.ref_inc();                  // a waker: 3
  EXPECT_EQ(s.transition_to_notified_by_val(), TransitionToNotified::Submit);
  EXPECT_EQ(s.load().ref_count(), 3u) << "the waker's ref became the entry's";
  s.ref_inc(); // another waker
  EXPECT_EQ(s.transition_to_notified_by_val(), TransitionToNotified::DoNothing);
  EXPECT_EQ(s.load().ref_count(), 3u);
}

TEST(TaskStateTest, CompleteAndTerminal) {
  State s;
  (void)s.transition_to_running();
  Snapshot c = s.transition_to_complete();
  EXPECT_TRUE(c.is_complete());
  EXPECT_FALSE(c.is_running());
  EXPECT_EQ(s.transition_to_notified_by_ref(), TransitionToNotified::DoNothing);
  EXPECT_FALSE(s.transition_to_terminal(2)); // poller + list
  EXPECT_TRUE(s.ref_dec()) << "the join handle's ref is the last";
}

TEST(TaskStateTest, AbortIdleTaskSubmits) {
  State s;
  (void)s.transition_to_running();
  (void)s.transition_to_idle();
  EXPECT_TRUE(s.transition_to_notified_and_cancel());
  EXPECT_TRUE(s.load().is_cancelled());
  EXPECT_FALSE(s.transition_to_notified_and_cancel()) << "only once";
  EXPECT_EQ(s.transition_to_running(), TransitionToRunning::Cancelled);
}

TEST(TaskStateTest, AbortRunningTaskCancelsAtIdle) {
  State s;
  (void)s.transition_to_running();
  EXPECT_FALSE(s.transition_to_notified_and_cancel());
  EXPECT_EQ(s.transition_to_idle(), TransitionToIdle::Cancelled);
  EXPECT_TRUE(s.load().is_running()) << "the poller keeps the stage to cancel";
}

TEST(TaskStateTest, AbortQueuedTaskDoesNotResubmit) {
  State s; // queued
  EXPECT_FALSE(s.transition_to_notified_and_cancel());
  EXPECT_EQ(s.transition_to_running(), TransitionToRunning::Cancelled);
}

TEST(TaskStateTest, ShutdownTakesIdleTasks) {
  State s;
  EXPECT_TRUE(s.transition_to_shutdown());
  EXPECT_TRUE(s.load().is_running());
  State t;
  (void)t.transition_to_running();
  EXPECT_FALSE(t.transition_to_shutdown()) << "running elsewhere";
  EXPECT_EQ(t.transition_to_idle(), TransitionToIdle::Cancelled);
}

TEST(TaskStateTest, QueuedEntryOfCompletedTaskFails) {
  State s;
  (void)s.transition_to_running();
  (void)s.transition_to_notified_by_ref(); // woken while running
  (void)s.transition_to_complete();
  EXPECT_FALSE(s.transition_to_terminal(1));
  // A stale entry (3 - 1 = 2 refs: list + join)
  EXPECT_EQ(s.transition_to_running(), TransitionToRunning::Failed);
  EXPECT_EQ(s.load().ref_count(), 1u);
}

TEST(TaskStateTest, JoinWakerProtocol) {
  State s;
  EXPECT_EQ(s.set_join_waker(), JoinWakerTransition::Ok);
  EXPECT_TRUE(s.load().is_join_waker_set());
  EXPECT_EQ(s.unset_waker(), JoinWakerTransition::Ok);
  EXPECT_FALSE(s.load().is_join_waker_set());
  EXPECT_EQ(s.set_join_waker(), JoinWakerTransition::Ok);
  (void)s.transition_to_running();
  Snapshot c = s.transition_to_complete();
  EXPECT_TRUE(c.is_join_waker_set());
  EXPECT_EQ(s.unset_waker(), JoinWakerTransition::Complete);
  EXPECT_TRUE(s.unset_waker_after_complete().is_join_interested());
}

TEST(TaskStateTest, DropJoinHandleBeforeAndAfterCompletion) {
  State a;
  EXPECT_EQ(a.set_join_waker(), JoinWakerTransition::Ok);
  JoinHandleDropped d = a.transition_to_join_handle_dropped();
  EXPECT_FALSE(d.drop_output);
  EXPECT_TRUE(d.drop_waker) << "not complete: the handle takes the slot back";
  EXPECT_FALSE(a.load().is_join_interested());

  State b;
  EXPECT_EQ(b.set_join_waker(), JoinWakerTransition::Ok);
  (void)b.transition_to_running();
  (void)b.transition_to_complete();
  JoinHandleDropped e = b.transition_to_join_handle_dropped();
  EXPECT_TRUE(e.drop_output);
  EXPECT_FALSE(e.drop_waker) << "complete with JOIN_WAKER: the task owns it";
  EXPECT_FALSE(b.unset_waker_after_complete().is_join_interested());
}

} // namespace
