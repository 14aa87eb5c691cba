/* The guide's own scripts (interactive checklists, level picker, timer) come with issue 4. */
