from matcher.main import main

main()
