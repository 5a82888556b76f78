from services.talent.main import main

main()
